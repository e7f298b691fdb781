"""The Telegram face of Kutipan (python-telegram-bot). Talks to the search layer only
through `Engine`; imported only by `python -m bot run`."""
