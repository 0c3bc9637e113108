"""Where the mirror listens, who may open it, and what address to show.

All of it is decided and checked before any screen opens: a port in use or a
host that is not this machine's is one sentence on the plain terminal, and the
socket bound here (port 0 becomes a real port) is handed to the web server.
Only the standard library is used, so `backtimer start` without a mirror pays
nothing for it.
"""

from __future__ import annotations

import base64
import errno
import ipaddress
import secrets
import socket
from dataclasses import dataclass

from backtimer.errors import UserError

DEFAULT_HOST = "127.0.0.1"
ANY_HOSTS = frozenset({"0.0.0.0", "::", ""})  # every interface (the LAN)


@dataclass(frozen=True)
class Address:
    host: str
    port: int

    @property
    def loopback(self) -> bool:
        if self.host == "localhost":
            return True
        try:
            return ipaddress.ip_address(self.host).is_loopback
        except ValueError:
            return False


def parse_address(text: str) -> Address:
    """`PORT`, `HOST:PORT` or `[IPV6]:PORT`; HOST defaults to loopback."""
    text = text.strip()
    host, port_text = DEFAULT_HOST, text
    if text.startswith("["):
        inner, sep, rest = text[1:].partition("]")
        if not sep or not rest.startswith(":"):
            raise UserError(f"--mirror {text!r}: write an IPv6 host as [HOST]:PORT.")
        host, port_text = inner, rest[1:]
    elif ":" in text:
        host, _, port_text = text.rpartition(":")
        if ":" in host:
            raise UserError(f"--mirror {text!r}: write an IPv6 host as [HOST]:PORT.")
    if not port_text.isdigit() or not 0 <= int(port_text) <= 65535:
        raise UserError(
            f"--mirror {text!r}: the port must be a number from 0 to 65535 "
            "(for example --mirror 8765, or --mirror 0.0.0.0:8765 for the local network)."
        )
    return Address(host or DEFAULT_HOST, int(port_text))  # ":8765" too: loopback


def bind(address: Address) -> socket.socket:
    """A listening socket at `address` (port 0: one the system picks)."""
    try:
        infos = socket.getaddrinfo(
            address.host or None,
            address.port,
            type=socket.SOCK_STREAM,
            flags=socket.AI_PASSIVE,
        )
    except (OSError, UnicodeError) as error:
        reason = (error.strerror if isinstance(error, OSError) else None) or error
        raise UserError(f"--mirror: cannot find the host {address.host!r} ({reason}).") from None
    family, _, _, _, sockaddr = infos[0]
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(sockaddr)
        sock.listen(16)
        sock.setblocking(False)
    except OSError as error:
        sock.close()
        reason = error.strerror or str(error)
        if error.errno == errno.EADDRNOTAVAIL:
            reason = f"{address.host} is not an address of this computer"
        raise UserError(
            f"--mirror: cannot listen on {address.host}:{address.port} ({reason}); "
            "choose another port, or 0 for any free one."
        ) from None
    return sock


def new_token() -> str:
    """A fresh secret for one session: 120 random bits in capitals and digits,
    so the whole address fits a QR code's compact alphanumeric mode."""
    return base64.b32encode(secrets.token_bytes(15)).decode("ascii")


def shown_host(host: str) -> str:
    """The host a phone should open: for every interface, this machine's own
    address on the network where it can be found, else its name."""
    if host not in ANY_HOSTS:
        return f"[{host}]" if ":" in host else host
    for candidate in _local_addresses():
        return candidate
    return socket.gethostname()


def page_url(host: str, port: int, token: str) -> str:
    return f"http://{shown_host(host)}:{port}/{token}/"


def _local_addresses() -> list[str]:
    """This machine's IPv4 addresses other than loopback, read from its network
    interfaces (Linux); nothing is sent anywhere."""
    try:
        import fcntl
        import struct
    except ImportError:  # not a Unix
        return []
    found: list[str] = []
    siocgifaddr = 0x8915
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        for _, name in socket.if_nameindex():
            try:
                packed = fcntl.ioctl(
                    probe.fileno(), siocgifaddr, struct.pack("256s", name[:15].encode())
                )
            except OSError:
                continue
            ip = socket.inet_ntoa(packed[20:24])
            if not ipaddress.ip_address(ip).is_loopback:
                found.append(ip)
    return found


@dataclass(frozen=True)
class MirrorPlan:
    """A bound socket and the secret for one session's mirror, made before any
    screen opens; the app serves on the socket once its first frame is out."""

    sock: socket.socket
    token: str
    host: str
    port: int
    url: str  # what a person types or taps
    qr_text: str  # the same address in capitals, for a compact QR code
    loopback: bool

    @property
    def reach(self) -> str:
        """One line on who can open the page, and how to widen it."""
        if self.loopback:
            return f"Only this computer can open it; for your network: --mirror 0.0.0.0:{self.port}"
        return "Anyone on your network with this address can see and steer the session."


def prepare(text: str) -> MirrorPlan:
    """Parse `[HOST:]PORT`, bind it and make the session's token."""
    address = parse_address(text)
    sock = bind(address)
    port = int(sock.getsockname()[1])
    token = new_token()
    url = page_url(address.host, port, token)
    scheme, rest = url.split("://", 1)
    host_part, _, path = rest.partition("/")
    return MirrorPlan(
        sock=sock,
        token=token,
        host=address.host,
        port=port,
        url=url,
        qr_text=f"{scheme.upper()}://{host_part.upper()}/{path}",
        loopback=address.loopback,
    )
