//! Each kind of `--endpoint` host, without a connection (the tests reach
//! only 127.0.0.1, so the case files and server tests cannot name these).

use super::endpoint_words;

#[test]
fn smtp_hosts_and_relays_are_not_named() {
    for host in [
        "email-smtp.eu-west-1.amazonaws.com",
        "email-smtp-fips.us-east-1.amazonaws.com",
        "vpce-0123456789abcdef0-abcdefgh.email-smtp.eu-west-1.vpce.amazonaws.com",
        "smtp.example.com",
        "127.0.0.1",
    ] {
        assert_eq!(endpoint_words(host), None, "{host}");
    }
}

#[test]
fn hosts_that_take_no_derived_password_are_named() {
    for (host, words) in [
        (
            "email.eu-west-1.amazonaws.com",
            "--endpoint email.eu-west-1.amazonaws.com is SES's API endpoint, which speaks HTTPS, not SMTP: send to email-smtp.eu-west-1.amazonaws.com",
        ),
        (
            "inbound-smtp.us-east-1.amazonaws.com",
            "--endpoint inbound-smtp.us-east-1.amazonaws.com is SES's receiving endpoint, which takes mail for your own domains without a login: send to email-smtp.us-east-1.amazonaws.com",
        ),
        (
            "abcd1234.mail-manager-smtp.amazonaws.com",
            "--endpoint abcd1234.mail-manager-smtp.amazonaws.com is a Mail Manager ingress endpoint: it takes the ingress point's own login (an inp-… username and its stored password), not a derived password",
        ),
        (
            "email-smtp.cn-north-1.amazonaws.com.cn",
            "--endpoint email-smtp.cn-north-1.amazonaws.com.cn is in AWS's China partition, which this tool's regions and endpoints do not cover",
        ),
    ] {
        assert_eq!(endpoint_words(host).as_deref(), Some(words), "{host}");
    }
}
