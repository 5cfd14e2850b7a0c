"""The main window's dialogs. Each offers a static ``ask_*`` function returning the result."""
