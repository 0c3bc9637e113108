"""Across the room: the running session as a page for a phone or TV browser.

`backtimer start ROUTINE --mirror [HOST:]PORT` serves, from the app's own event
loop, one page and a live stream of the one running session; the page's buttons
go through the same commands as the terminal's keys.

The modules here that the CLI and the tests use first (address, settings,
snapshot) need only the standard library; the web server (server.py, aiohttp)
and the QR code (qr.py, segno) are imported only when a mirror is asked for.
"""
