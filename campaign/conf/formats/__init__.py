"""The portal's date formats where Django's differ from how Chinese is written (FORMAT_MODULE_PATH)."""
