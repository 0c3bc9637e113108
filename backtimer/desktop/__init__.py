"""The desktop around the terminal, over the D-Bus session bus (through jeepney, pure
Python): notifications for `backtimer remind`, and keeping the screen awake while a
session runs. Without a session bus, neither does anything, and neither says so.
"""
