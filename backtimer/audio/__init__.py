"""Audio cues for a session: `service.create_sound` builds everything a session needs.

Kept empty on purpose: importing the package loads no player and no simpleaudio.
"""
