"""Domains (rules §2.5) and the website's home URL.

A filed domain is a registrable domain: exactly one label in front of a public suffix of the ICANN
section of the public suffix list (bundled offline with `publicsuffixlist`). It is stored
lower-case, IDN labels in punycode (例子.中国 → xn--fsqu00a.xn--fiqs8s).
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import quote, urlsplit

import idna
from publicsuffixlist import PublicSuffixList

from dialogs.messages import Invalid
from dialogs.text import normalize

MAX_DOMAINS = 20
MAX_LABEL_LENGTH = 63
MAX_DOMAIN_LENGTH = 253

# Created once: parsing the list takes a moment. Unknown TLDs are not accepted; private-section
# suffixes (blogspot.com, github.io …) are ignored: a filing names the domain bought from a
# registrar.
_PSL = PublicSuffixList(accept_unknown=False, only_icann=True)

_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)
_PORT = re.compile(r":(\d*)$")
_ASCII_LABEL = re.compile(r"[a-z0-9-]+")
_IDEOGRAPHIC_STOPS = re.compile("[。｡]")
# Separators between domains in one answer: whitespace (incl. newlines), commas, 、 and semicolons.
_LIST_SEPARATORS = re.compile(r"[\s,，、;；]+")
WWW = "www."

HOME_URL_SCHEMES = ("http", "https")
_DEFAULT_PORTS = {"http": 80, "https": 443}
# Characters kept as they are in a URL's path, query and fragment (the rest is percent-encoded).
_URL_SAFE = "/%:@!$&'()*+,;=-._~?#[]"


def display_domain(domain: str) -> str:
    """The Unicode form of a stored (punycode) domain, for showing to people."""
    try:
        return idna.decode(domain)
    except (idna.IDNAError, UnicodeError):
        return domain


def under_known_suffix(ascii_domain: str) -> bool:
    """Whether an ASCII host name ends in a known public suffix with a label in front of it
    (so a mail host like qq.com passes, a typo like qq.con does not)."""
    return _PSL.privatesuffix(ascii_domain) is not None


# The error for each decoration around a domain (a URL or host:port was typed).
_DECORATION_ERRORS = {
    "scheme": "err-domain-scheme",
    "path": "err-domain-path",
    "port": "err-domain-port",
}


def _strip_decorations(text: str) -> tuple[str, str | None]:
    """(host, the first decoration found: a key of `_DECORATION_ERRORS`, or None)."""
    problem: str | None = None
    host = text
    scheme = _SCHEME.match(host)
    if scheme:
        host = host[scheme.end() :]
        problem = "scheme"
    for mark in "/?#":
        if mark in host:
            host = host.split(mark, 1)[0]
            problem = problem or "path"
    host = host.rsplit("@", 1)[-1] if problem == "scheme" else host  # user@ in a URL
    port = _PORT.search(host)
    if port and not _is_ip(host):
        host = host[: port.start()]
        problem = problem or "port"
    return host, problem


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


def _to_ascii(host: str, typed: str) -> str:
    """The host's labels checked and converted to ASCII (punycode for IDN labels)."""
    if len(host) == 0 or any(label == "" for label in host.split(".")):
        raise Invalid("err-domain-format", domain=typed)
    ascii_labels: list[str] = []
    for label in host.split("."):
        if label.startswith("-") or label.endswith("-"):
            raise Invalid("err-domain-label-hyphen", domain=typed, label=label)
        if label.isascii():
            if not _ASCII_LABEL.fullmatch(label):
                raise Invalid("err-domain-label-chars", domain=typed, label=label)
            if label.startswith("xn--"):
                try:
                    idna.decode(label)
                except (idna.IDNAError, UnicodeError):
                    raise Invalid("err-domain-label-chars", domain=typed, label=label) from None
            encoded = label
        else:
            try:
                encoded = idna.encode(label, uts46=True).decode("ascii")
            except (idna.IDNAError, UnicodeError):
                raise Invalid("err-domain-label-chars", domain=typed, label=label) from None
        if len(encoded) > MAX_LABEL_LENGTH:
            raise Invalid("err-domain-label-length", domain=typed, label=label)
        ascii_labels.append(encoded)
    result = ".".join(ascii_labels)
    if len(result) > MAX_DOMAIN_LENGTH:
        raise Invalid("err-domain-too-long", domain=typed)
    return result


def _registrable(host: str, typed: str) -> str:
    """`host` (no scheme, path or port) as a registrable ASCII domain, or the reason it is not."""
    if _is_ip(host):
        raise Invalid("err-domain-ip", domain=typed)
    ascii_host = _to_ascii(host, typed)
    if _PSL.is_public(ascii_host):
        raise Invalid("err-domain-suffix-only", domain=typed)
    if "." not in ascii_host:
        raise Invalid("err-domain-no-suffix", domain=typed)
    if _PSL.publicsuffix(ascii_host) is None:
        tld = ascii_host.rsplit(".", 1)[-1]
        raise Invalid("err-domain-unknown-tld", domain=typed, tld=display_domain(tld))
    registrable = _PSL.privatesuffix(ascii_host)
    if registrable is None:  # not reached: a known suffix with a label in front of it
        raise Invalid("err-domain-suffix-only", domain=typed)
    if registrable != ascii_host:
        suggested = display_domain(registrable)
        if ascii_host == WWW + registrable:
            raise Invalid("err-domain-www", domain=typed, suggested=suggested)
        raise Invalid("err-domain-subdomain", domain=typed, suggested=suggested)
    return ascii_host


def check_domain(raw: str) -> str:
    """A registrable domain, lower-case, IDN in punycode."""
    typed = normalize(raw)
    if not typed:
        raise Invalid("err-domain-empty")
    text = _IDEOGRAPHIC_STOPS.sub(".", typed).lower().removesuffix(".")
    host, problem = _strip_decorations(text)
    host = host.removesuffix(".")
    if problem is None:
        return _registrable(host, typed)
    # A URL or host:port was given. Suggest the domain inside it when there is one; otherwise
    # the inside is what is wrong.
    try:
        suggested = _registrable(host, typed)
    except Invalid as exc:
        if exc.msg.id not in {"err-domain-www", "err-domain-subdomain"}:
            raise
        suggested = exc.msg.args["suggested"]
    else:
        suggested = display_domain(suggested)
    raise Invalid(_DECORATION_ERRORS[problem], domain=typed, suggested=suggested)


def check_domain_list(raw: str | list[str]) -> list[str]:
    """One to 20 domains, separated by spaces, commas, 、, semicolons or new lines; duplicates
    dropped, order kept. Also takes the stored list (re-validation)."""
    items = raw if isinstance(raw, list) else _LIST_SEPARATORS.split(normalize(raw))
    items = [item for item in items if item.strip()]
    if not items:
        raise Invalid("err-domain-empty")
    domains: list[str] = []
    for item in items:
        domain = check_domain(item)
        if domain not in domains:
            domains.append(domain)
    if len(domains) > MAX_DOMAINS:
        raise Invalid("err-domain-list-too-many", count=len(domains), max=MAX_DOMAINS)
    return domains


def check_home_url(raw: str, domains: list[str]) -> str:
    """The website's home page: an http(s) URL on one of the site's domains (or www. of one)."""
    text = normalize(raw)
    if " " in text or not text:
        raise Invalid("err-home-url-format")
    if text.startswith("//"):
        text = "http:" + text
    elif not _SCHEME.match(text):
        text = "http://" + text
    try:
        parts = urlsplit(text)
        port = parts.port
        hostname = parts.hostname
    except ValueError:
        raise Invalid("err-home-url-format") from None
    scheme = parts.scheme.lower()
    if scheme not in HOME_URL_SCHEMES:
        raise Invalid("err-home-url-scheme", scheme=scheme)
    if not hostname or parts.username is not None or parts.password is not None:
        raise Invalid("err-home-url-format")
    hostname = _IDEOGRAPHIC_STOPS.sub(".", hostname).removesuffix(".")
    try:
        host = idna.encode(hostname, uts46=True).decode("ascii")
    except (idna.IDNAError, UnicodeError):
        raise Invalid("err-home-url-format") from None
    if port is not None and port != _DEFAULT_PORTS[scheme]:
        raise Invalid("err-home-url-port", port=str(port))
    allowed = {d.lower() for d in domains}
    if host not in allowed and not (host.startswith(WWW) and host[len(WWW) :] in allowed):
        raise Invalid(
            "err-home-url-host",
            host=display_domain(host),
            domains="、".join(display_domain(d) for d in domains),
        )
    path = quote(parts.path, safe=_URL_SAFE) or "/"
    url = f"{scheme}://{host}{path}"
    if parts.query:
        url += "?" + quote(parts.query, safe=_URL_SAFE)
    if parts.fragment:
        url += "#" + quote(parts.fragment, safe=_URL_SAFE)
    return url
