"""Measuring answer quality on question files."""
