"""Rendering and interchange: livedesk/1 JSON, HTML page and fragment, JSON-LD, ninjs, Atom.

Plain Python, no Qt: the command line, the tests and the GUI share it."""
