"""Domains (registrable, IDN to punycode), domain lists and the home URL."""

from __future__ import annotations

import pytest

from dialogs.messages import Invalid, Msg
from dialogs.validation import check_domain, check_domain_list, check_home_url, display_domain


def refusal(check, *args) -> Msg:
    with pytest.raises(Invalid) as caught:
        check(*args)
    return caught.value.msg


# --- one domain -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("example.com", "example.com"),
        ("Example.COM", "example.com"),
        ("  example.com  ", "example.com"),
        ("example.com.", "example.com"),
        ("ｅｘａｍｐｌｅ．ｃｏｍ", "example.com"),
        ("example。com", "example.com"),
        ("example.com.cn", "example.com.cn"),
        ("beijing.gov.cn", "beijing.gov.cn"),
        ("my-site.cn", "my-site.cn"),
        ("123.com", "123.com"),
        ("例子.中国", "xn--fsqu00a.xn--fiqs8s"),
        ("例子.中國", "xn--fsqu00a.xn--fiqz9s"),
        ("xn--fsqu00a.xn--fiqs8s", "xn--fsqu00a.xn--fiqs8s"),
        ("代码.公司", "xn--mnq551h.xn--55qx5d"),
        ("www.com", "www.com"),  # www is the registered label here, not a prefix
        ("a" * 63 + ".com", "a" * 63 + ".com"),
    ],
)
def test_domain_valid(typed: str, stored: str) -> None:
    assert check_domain(typed) == stored
    assert check_domain(check_domain(typed)) == stored


@pytest.mark.parametrize(
    ("typed", "msg"),
    [
        (
            "http://example.com",
            Msg("err-domain-scheme", domain="http://example.com", suggested="example.com"),
        ),
        (
            "https://www.blog.example.com/about",
            Msg(
                "err-domain-scheme",
                domain="https://www.blog.example.com/about",
                suggested="example.com",
            ),
        ),
        (
            "example.com/index.html",
            Msg("err-domain-path", domain="example.com/index.html", suggested="example.com"),
        ),
        (
            "example.com:8080",
            Msg("err-domain-port", domain="example.com:8080", suggested="example.com"),
        ),
        (
            "www.example.com",
            Msg("err-domain-www", domain="www.example.com", suggested="example.com"),
        ),
        (
            "WWW.例子.中国",
            Msg("err-domain-www", domain="WWW.例子.中国", suggested="例子.中国"),
        ),
        (
            "blog.example.com",
            Msg("err-domain-subdomain", domain="blog.example.com", suggested="example.com"),
        ),
        (
            "a.b.example.com.cn",
            Msg("err-domain-subdomain", domain="a.b.example.com.cn", suggested="example.com.cn"),
        ),
        (
            "www.blog.example.com",
            Msg("err-domain-subdomain", domain="www.blog.example.com", suggested="example.com"),
        ),
        (
            "me.github.io",  # a private-section suffix does not count: github.io is the domain
            Msg("err-domain-subdomain", domain="me.github.io", suggested="github.io"),
        ),
        ("com.cn", Msg("err-domain-suffix-only", domain="com.cn")),
        ("com", Msg("err-domain-suffix-only", domain="com")),
        ("中国", Msg("err-domain-suffix-only", domain="中国")),
        ("1.2.3.4", Msg("err-domain-ip", domain="1.2.3.4")),
        ("http://1.2.3.4/", Msg("err-domain-ip", domain="http://1.2.3.4/")),
        ("::1", Msg("err-domain-ip", domain="::1")),
        ("example", Msg("err-domain-no-suffix", domain="example")),
        ("example.notatld", Msg("err-domain-unknown-tld", domain="example.notatld", tld="notatld")),
        ("example..com", Msg("err-domain-format", domain="example..com")),
        ("http://", Msg("err-domain-format", domain="http://")),
        ("-example.com", Msg("err-domain-label-hyphen", domain="-example.com", label="-example")),
        ("example-.com", Msg("err-domain-label-hyphen", domain="example-.com", label="example-")),
        ("exa_mple.com", Msg("err-domain-label-chars", domain="exa_mple.com", label="exa_mple")),
        ("exa mple.com", Msg("err-domain-label-chars", domain="exa mple.com", label="exa mple")),
        ("😀.com", Msg("err-domain-label-chars", domain="😀.com", label="😀")),
        (
            "a" * 64 + ".com",
            Msg("err-domain-label-length", domain="a" * 64 + ".com", label="a" * 64),
        ),
        ("", Msg("err-domain-empty")),
    ],
)
def test_domain_refused(typed: str, msg: Msg) -> None:
    assert refusal(check_domain, typed) == msg


def test_domain_too_long() -> None:
    typed = ".".join(["a" * 60] * 5) + ".com"
    assert refusal(check_domain, typed).id == "err-domain-too-long"


@pytest.mark.parametrize(
    ("stored", "shown"),
    [("xn--fsqu00a.xn--fiqs8s", "例子.中国"), ("example.com", "example.com"), ("xn--zz", "xn--zz")],
)
def test_display_domain(stored: str, shown: str) -> None:
    assert display_domain(stored) == shown


# --- lists ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("example.com", ["example.com"]),
        ("example.com example.cn", ["example.com", "example.cn"]),
        ("example.com,example.cn", ["example.com", "example.cn"]),
        ("example.com，example.cn", ["example.com", "example.cn"]),
        ("example.com、example.cn", ["example.com", "example.cn"]),
        (
            "example.com;example.cn；例子.中国",
            ["example.com", "example.cn", "xn--fsqu00a.xn--fiqs8s"],
        ),
        ("example.com\nexample.cn\n\n", ["example.com", "example.cn"]),
        ("example.cn, Example.COM, example.cn", ["example.cn", "example.com"]),
        (["example.com", "xn--fsqu00a.xn--fiqs8s"], ["example.com", "xn--fsqu00a.xn--fiqs8s"]),
    ],
)
def test_domain_list_valid(typed: str | list[str], stored: list[str]) -> None:
    assert check_domain_list(typed) == stored
    assert check_domain_list(check_domain_list(typed)) == stored


def test_domain_list_names_the_failing_domain() -> None:
    msg = refusal(check_domain_list, "example.com, blog.example.cn, example.org")
    assert msg == Msg("err-domain-subdomain", domain="blog.example.cn", suggested="example.cn")


def test_domain_list_failing_item_in_a_stored_list() -> None:
    msg = refusal(check_domain_list, ["example.com", "com.cn"])
    assert msg == Msg("err-domain-suffix-only", domain="com.cn")


@pytest.mark.parametrize("typed", ["", "  ,，、 \n", []])
def test_domain_list_empty(typed: str | list[str]) -> None:
    assert refusal(check_domain_list, typed) == Msg("err-domain-empty")


def test_domain_list_at_most_20() -> None:
    twenty = [f"example{i}.com" for i in range(20)]
    assert check_domain_list(" ".join(twenty)) == twenty
    assert refusal(check_domain_list, " ".join([*twenty, "one-more.com"])) == Msg(
        "err-domain-list-too-many", count=21, max=20
    )


def test_domain_list_duplicates_do_not_count_towards_the_limit() -> None:
    twenty = [f"example{i}.com" for i in range(20)]
    assert check_domain_list(" ".join(twenty + twenty)) == twenty


# --- home URL -------------------------------------------------------------------------------
DOMAINS = ["example.com", "xn--fsqu00a.xn--fiqs8s"]


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("example.com", "http://example.com/"),
        ("www.example.com", "http://www.example.com/"),
        ("http://www.example.com", "http://www.example.com/"),
        ("HTTPS://WWW.EXAMPLE.COM/Index.html", "https://www.example.com/Index.html"),
        ("https://example.com:443/", "https://example.com/"),
        ("http://example.com:80", "http://example.com/"),
        ("//example.com/blog", "http://example.com/blog"),
        ("example.com/blog?lang=zh", "http://example.com/blog?lang=zh"),
        ("http://www.例子.中国/", "http://www.xn--fsqu00a.xn--fiqs8s/"),
        ("例子.中国/首页", "http://xn--fsqu00a.xn--fiqs8s/%E9%A6%96%E9%A1%B5"),
        ("http://example.com./", "http://example.com/"),
    ],
)
def test_home_url_valid(typed: str, stored: str) -> None:
    assert check_home_url(typed, DOMAINS) == stored
    assert check_home_url(check_home_url(typed, DOMAINS), DOMAINS) == stored


@pytest.mark.parametrize(
    ("typed", "msg"),
    [
        ("ftp://example.com/", Msg("err-home-url-scheme", scheme="ftp")),
        ("http://example.com:8080/", Msg("err-home-url-port", port="8080")),
        (
            "http://blog.example.com/",
            Msg("err-home-url-host", host="blog.example.com", domains="example.com、例子.中国"),
        ),
        (
            "http://example.org/",
            Msg("err-home-url-host", host="example.org", domains="example.com、例子.中国"),
        ),
        (
            "http://www.www.example.com/",
            Msg("err-home-url-host", host="www.www.example.com", domains="example.com、例子.中国"),
        ),
        ("http://", Msg("err-home-url-format")),
        ("http://exa mple.com/", Msg("err-home-url-format")),
        ("", Msg("err-home-url-format")),
        ("http://user:pass@example.com/", Msg("err-home-url-format")),
        ("http://example.com:99999/", Msg("err-home-url-format")),
    ],
)
def test_home_url_refused(typed: str, msg: Msg) -> None:
    assert refusal(check_home_url, typed, DOMAINS) == msg
