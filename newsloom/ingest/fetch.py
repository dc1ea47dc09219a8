"""URL -> bytes, politely and safely.

Every request goes to an address that was resolved and checked here, not to a
name that the HTTP library resolves again later: a DNS answer that changes
between the check and the connection (rebinding), or a redirect to an internal
host, cannot reach loopback, private, link-local or metadata addresses unless
the caller allows it.  One host is asked at most once per ``delay`` seconds,
robots.txt is honoured, and every download has a timeout and a size cap.
"""

from __future__ import annotations

import ipaddress
import socket
import time
import urllib.robotparser
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import urllib3

from .. import __version__

USER_AGENT = f"newsloom/{__version__} (+offline news analysis; respects robots.txt)"
MAX_BYTES = 10 * 1024 * 1024
MAX_REDIRECTS = 5


class FetchError(Exception):
    """A URL that could not be fetched; the message is one line naming why."""


class Refused(FetchError):
    """A URL newsloom will not fetch: a private address, robots.txt, a scheme."""


@dataclass
class Response:
    url: str  # the URL asked for
    final_url: str  # after redirects
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def charset(self) -> str | None:
        for part in self.headers.get("content-type", "").split(";")[1:]:
            k, _, v = part.partition("=")
            if k.strip().lower() == "charset" and v.strip():
                return v.strip().strip("\"'")
        return None


def address_problem(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """Why an address is off limits by default ("loopback", "private", ...), or None."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip.is_loopback:
        return "loopback"
    if ip.is_link_local:
        return "link-local"  # 169.254/16 holds the cloud metadata services
    if ip.is_unspecified or ip.is_multicast or ip.is_reserved:
        return "reserved"
    if ip.is_private or (isinstance(ip, ipaddress.IPv6Address) and ip in ipaddress.ip_network("fc00::/7")):
        return "private"
    return None


@dataclass
class Fetcher:
    allow_private: bool = False
    # Networks allowed although private (a test server on 127.0.0.1, an intranet
    # mirror): narrower than allow_private, which lifts the guard for everything.
    allow: tuple[str, ...] = ()
    delay: float = 1.0  # seconds between two requests to one host
    timeout: float = 20.0
    max_bytes: int = MAX_BYTES
    user_agent: str = USER_AGENT
    obey_robots: bool = True
    _last: dict[str, float] = field(default_factory=dict)
    _robots: dict[str, urllib.robotparser.RobotFileParser | None] = field(default_factory=dict)

    def resolve(self, host: str, port: int) -> str:
        """The checked address to connect to for ``host``; raises Refused."""
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except socket.gaierror as e:
            raise FetchError(f"{host}: cannot resolve ({e.strerror})") from None
        addresses = [ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos]
        if not self.allow_private:
            allowed = [ipaddress.ip_network(n) for n in self.allow]
            # Any bad answer refuses the name: connecting to "the good one" would
            # leave the choice to whoever controls the DNS.
            for ip in addresses:
                problem = address_problem(ip)
                if problem and not any(ip.version == n.version and ip in n for n in allowed):
                    raise Refused(f"{host} resolves to {ip}, a {problem} address; refused (use --allow-private)")
        return str(addresses[0])

    def get(self, url: str, headers: dict[str, str] | None = None) -> Response:
        """GET ``url`` following redirects, each target checked again."""
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            resp = self._get_once(current, headers or {}, check_robots=True)
            location = resp.headers.get("location")
            if resp.status in (301, 302, 303, 307, 308) and location:
                current = urljoin(current, location)
                continue
            resp.url = url
            return resp
        raise FetchError(f"{url}: more than {MAX_REDIRECTS} redirects")

    def allowed_by_robots(self, url: str) -> bool:
        if not self.obey_robots:
            return True
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self._robots:
            parser = None
            try:
                r = self._get_once(origin + "/robots.txt", {}, check_robots=False)
                if r.status == 200:
                    parser = urllib.robotparser.RobotFileParser()
                    parser.parse(r.body.decode("utf-8", "replace").splitlines())
                elif r.status in (401, 403):
                    # As robotparser does: a forbidden robots.txt forbids everything.
                    parser = urllib.robotparser.RobotFileParser()
                    parser.disallow_all = True
            except Refused:
                raise
            except FetchError:
                parser = None  # no robots.txt to be had: nothing is disallowed
            self._robots[origin] = parser
        parser = self._robots[origin]
        return parser is None or parser.can_fetch(self.user_agent, url)

    def _get_once(self, url: str, headers: dict[str, str], check_robots: bool) -> Response:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise Refused(f"{url}: only http and https URLs are fetched")
        host = parts.hostname
        port = parts.port or (443 if parts.scheme == "https" else 80)
        ip = self.resolve(host, port)
        if check_robots and not self.allowed_by_robots(url):
            raise Refused(f"{url}: disallowed by robots.txt")
        self._wait(host)
        path = parts.path or "/"
        if parts.query:
            path += "?" + parts.query
        host_header = host if parts.port is None else f"{host}:{parts.port}"
        if ":" in host and not host.startswith("["):
            host_header = f"[{host}]" if parts.port is None else f"[{host}]:{parts.port}"
        send = {"Host": host_header, "User-Agent": self.user_agent, "Accept-Encoding": "gzip, deflate",
                **headers}
        timeout = urllib3.Timeout(connect=min(10.0, self.timeout), read=self.timeout)
        if parts.scheme == "https":
            pool = urllib3.HTTPSConnectionPool(ip, port, server_hostname=host, assert_hostname=host,
                                               timeout=timeout, retries=False, maxsize=1)
        else:
            pool = urllib3.HTTPConnectionPool(ip, port, timeout=timeout, retries=False, maxsize=1)
        try:
            r = pool.urlopen("GET", path, headers=send, redirect=False, preload_content=False,
                             decode_content=True, assert_same_host=False)
            body = self._read_capped(r, url)
            return Response(url=url, final_url=url, status=r.status,
                            headers={k.lower(): v for k, v in r.headers.items()}, body=body)
        except urllib3.exceptions.HTTPError as e:
            raise FetchError(f"{url}: {type(e).__name__}: {str(e).splitlines()[0][:200]}") from None
        finally:
            pool.close()

    def _read_capped(self, r, url: str) -> bytes:
        declared = r.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > self.max_bytes:
            r.release_conn()
            raise FetchError(f"{url}: {int(declared):,} bytes is over the {self.max_bytes:,}-byte limit")
        chunks, size, started = [], 0, time.monotonic()
        for chunk in r.stream(64 * 1024):
            chunks.append(chunk)
            size += len(chunk)
            if size > self.max_bytes:
                r.release_conn()
                raise FetchError(f"{url}: over the {self.max_bytes:,}-byte limit")
            # The read timeout is per socket read; a server trickling bytes
            # needs a limit on the whole download too.
            if time.monotonic() - started > self.timeout * 3:
                r.release_conn()
                raise FetchError(f"{url}: download took longer than {self.timeout * 3:.0f} s")
        return b"".join(chunks)

    def _wait(self, host: str) -> None:
        last = self._last.get(host)
        if last is not None:
            pause = self.delay - (time.monotonic() - last)
            if pause > 0:
                time.sleep(pause)
        self._last[host] = time.monotonic()
