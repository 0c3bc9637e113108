"""A python-dbusmock template: org.freedesktop.ScreenSaver as desktops implement it.

Inhibit returns a cookie and UnInhibit gives it back; like GNOME's and KDE's
services, an inhibition whose caller leaves the bus (its process died) is dropped.
Every call and release is printed on stdout, one line each, for the tests to read.
Run by Debian's python3-dbusmock: `/usr/bin/python3 -m dbusmock -t THIS_FILE`.
"""

import time

import dbus
import dbus.service

BUS_NAME = "org.freedesktop.ScreenSaver"
MAIN_OBJ = "/org/freedesktop/ScreenSaverMock"
MAIN_IFACE = "org.freedesktop.ScreenSaverMock"
SYSTEM_BUS = False
INTERFACE = "org.freedesktop.ScreenSaver"


def say(text):
    print(f"{time.time():.3f} {text}", flush=True)


class ScreenSaver(dbus.service.Object):  # type: ignore[misc]
    interface = INTERFACE

    def __init__(self, bus_name):
        # dbusmock looks up every object's methods in this first (it replaces
        # dbus-python's lookup); empty, so the decorated methods below are used.
        self.methods = {}
        super().__init__(bus_name, "/org/freedesktop/ScreenSaver")
        self.cookies = {}
        self.next_cookie = 1
        bus_name.get_bus().add_signal_receiver(
            self.owner_changed,
            signal_name="NameOwnerChanged",
            dbus_interface="org.freedesktop.DBus",
            bus_name="org.freedesktop.DBus",
            path="/org/freedesktop/DBus",
        )

    @dbus.service.method(INTERFACE, in_signature="ss", out_signature="u", sender_keyword="sender")
    def Inhibit(self, application, reason, sender=None):
        cookie = self.next_cookie
        self.next_cookie += 1
        self.cookies[cookie] = sender
        say(f'Inhibit "{application}" "{reason}" cookie={cookie} held={len(self.cookies)}')
        return dbus.UInt32(cookie)

    @dbus.service.method(INTERFACE, in_signature="u", out_signature="", sender_keyword="sender")
    def UnInhibit(self, cookie, sender=None):
        self.cookies.pop(int(cookie), None)
        say(f"UnInhibit cookie={int(cookie)} held={len(self.cookies)}")

    def owner_changed(self, name, old_owner, new_owner):
        if new_owner:
            return
        for cookie, sender in list(self.cookies.items()):
            if sender == name:
                del self.cookies[cookie]
                say(f"Released cookie={cookie} (its caller left the bus) held={len(self.cookies)}")


def load(mock, parameters):
    mock.screensaver = ScreenSaver(mock.bus_name)
