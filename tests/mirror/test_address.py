"""Where the mirror listens and who may open it: decided before any screen."""

from __future__ import annotations

import importlib.util
import re
import socket
from pathlib import Path

import pytest

from backtimer.cli.session import mirror_plan
from backtimer.errors import UserError
from backtimer.mirror.address import Address, bind, new_token, parse_address, prepare
from backtimer.mirror.qr import qr_lines
from backtimer.mirror.settings import configured_address


@pytest.mark.parametrize(
    ("text", "host", "port"),
    [
        ("8765", "127.0.0.1", 8765),
        ("0", "127.0.0.1", 0),
        ("0.0.0.0:8765", "0.0.0.0", 8765),
        ("localhost:9000", "localhost", 9000),
        ("[::1]:8080", "::1", 8080),
        (":8765", "127.0.0.1", 8765),
    ],
)
def test_host_and_port(text: str, host: str, port: int) -> None:
    assert parse_address(text) == Address(host, port)


@pytest.mark.parametrize("text", ["", "abc", "99999", "-1", "host:", "::1:80", "[::1", "[::1]80"])
def test_a_bad_address_is_one_sentence(text: str) -> None:
    with pytest.raises(UserError) as error:
        parse_address(text)
    assert "\n" not in str(error.value)


def test_loopback_is_the_default_and_says_how_to_allow_the_network() -> None:
    assert parse_address("8765").loopback
    assert parse_address("[::1]:1").loopback
    assert not parse_address("0.0.0.0:1").loopback
    plan = prepare("127.0.0.1:0")
    try:
        assert plan.port > 0  # port 0: the one the system chose
        assert plan.url == f"http://127.0.0.1:{plan.port}/{plan.token}/"
        assert f"--mirror 0.0.0.0:{plan.port}" in plan.reach
    finally:
        plan.sock.close()


def test_a_port_in_use_is_refused_before_any_screen() -> None:
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    try:
        with pytest.raises(UserError, match=r"cannot listen on 127\.0\.0\.1"):
            bind(Address("127.0.0.1", taken.getsockname()[1]))
    finally:
        taken.close()


def test_every_session_has_its_own_unguessable_token() -> None:
    tokens = {new_token() for _ in range(50)}
    assert len(tokens) == 50
    assert all(re.fullmatch(r"[A-Z2-7]{24}", token) for token in tokens)  # 120 bits


def test_the_qr_code_holds_the_address_compactly() -> None:
    plan = prepare("127.0.0.1:0")
    try:
        assert plan.qr_text == plan.url.replace("http://", "HTTP://")
        lines = qr_lines(plan.qr_text)
        assert len(lines) <= 17  # fits a 30-row terminal with its box
        assert {len(line) for line in lines} == {len(lines[0])}
        assert set("".join(lines)) <= set("█▀▄\u00a0")
    finally:
        plan.sock.close()


def test_the_config_file_turns_it_on(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    assert configured_address(config) is None  # no file: off
    config.write_text("[sound]\nmute = true\n")
    assert configured_address(config) is None
    config.write_text('[mirror]\naddress = "0.0.0.0:8765"\n')
    assert configured_address(config) == "0.0.0.0:8765"
    config.write_text("[mirror]\naddress = 8765\n")
    assert configured_address(config) == "8765"
    config.write_text("[mirror]\naddress = false\n")
    assert configured_address(config) is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("mirror = 8765\n", "must be a table"),
        ("[mirror]\nadress = '8765'\n", "unknown key 'adress'"),
        ("[mirror]\naddress = ['x']\n", "address must be"),
        ("[mirror]\naddress = 'notaport'\n", r"port from 0 to 65535.*, not 'notaport'\.$"),
        ("[mirror]\naddress = '0.0.0.0:99999'\n", "not '0.0.0.0:99999'"),
        ("[mirror]\naddress = 70000\n", "not '70000'"),
        ("[mirror\n", "not valid TOML"),
    ],
)
def test_a_bad_config_is_one_sentence_naming_the_file(
    tmp_path: Path, text: str, message: str
) -> None:
    config = tmp_path / "config.toml"
    config.write_text(text)
    with pytest.raises(UserError, match=message) as error:
        configured_address(config)
    assert str(config) in str(error.value)


def test_without_the_web_parts_mirror_says_how_to_get_them(monkeypatch) -> None:
    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name: None if name == "aiohttp" else real(name)
    )
    with pytest.raises(UserError, match=r"pip install 'backtimer\[mirror\]'"):
        mirror_plan("8765")


@pytest.mark.parametrize("text", ["notaport", "127.0.0.1:99999", "::1:80", "[::1]80"])
def test_a_bad_mirror_address_is_one_finished_sentence(text: str) -> None:
    with pytest.raises(UserError) as error:
        parse_address(text)
    assert str(error.value).startswith(f"--mirror {text!r}: ")
    assert str(error.value).endswith(".")


def test_an_unknown_host_is_said_without_the_errno() -> None:
    with pytest.raises(UserError) as error:
        bind(parse_address("no-such-host.invalid:0"))
    message = str(error.value)
    assert message.startswith("--mirror: cannot find the host 'no-such-host.invalid' (")
    assert "Errno" not in message and message.endswith(").")
