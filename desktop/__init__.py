"""The application shell: QApplication, main window, actions, undo commands, dialogs."""
