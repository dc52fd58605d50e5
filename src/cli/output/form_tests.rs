//! `form`'s unit tests: every format's exact output, and quoting.

use super::*;
use crate::cli::output::variables::shell_quote;
use ses_smtp_password::{smtp_password_v2, smtp_password_v4};

fn plain_form(format: Format) -> Form {
    Form { format, app: None }
}

fn one(format: Format, c: &Credential<'_>, port: u16, label: bool) -> Result<String, FormatError> {
    let mut out = Vec::new();
    let labels = Labels {
        secret: "ses-smtp",
        variables: None,
    };
    render(&mut out, plain_form(format), c, port, label, &labels)?;
    Ok(String::from_utf8(out).expect("every format is ASCII here"))
}

#[test]
fn each_format() {
    let p = smtp_password_v4(b"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "us-east-1");
    let c = Credential {
        region: Some("us-east-1"),
        endpoint: Some("email-smtp.us-east-1.amazonaws.com"),
        username: Some("AKIAIOSFODNN7EXAMPLE"),
        password: &p,
    };
    let cases = [
        (
            Format::Plain,
            587,
            false,
            "BLBM/9hSUELfq8Gw+rU1YcBjkOxGbhT2XG763xVLGWL9\n",
        ),
        (
            Format::Plain,
            587,
            true,
            "us-east-1\tBLBM/9hSUELfq8Gw+rU1YcBjkOxGbhT2XG763xVLGWL9\n",
        ),
        (
            Format::Env,
            587,
            false,
            "SES_SMTP_HOST='email-smtp.us-east-1.amazonaws.com'\nSES_SMTP_PORT='587'\nSES_SMTP_USERNAME='AKIAIOSFODNN7EXAMPLE'\nSES_SMTP_PASSWORD='BLBM/9hSUELfq8Gw+rU1YcBjkOxGbhT2XG763xVLGWL9'\n",
        ),
        (
            Format::Json,
            587,
            true,
            "{\"version\":4,\"region\":\"us-east-1\",\"endpoint\":\"email-smtp.us-east-1.amazonaws.com\",\"port\":587,\"tls\":\"starttls\",\"username\":\"AKIAIOSFODNN7EXAMPLE\",\"password\":\"BLBM/9hSUELfq8Gw+rU1YcBjkOxGbhT2XG763xVLGWL9\"}\n",
        ),
        (
            Format::Url,
            465,
            false,
            "smtps://AKIAIOSFODNN7EXAMPLE:BLBM%2F9hSUELfq8Gw%2BrU1YcBjkOxGbhT2XG763xVLGWL9@email-smtp.us-east-1.amazonaws.com:465\n",
        ),
        (
            Format::EnvFile,
            2587,
            false,
            "SES_SMTP_HOST=email-smtp.us-east-1.amazonaws.com\nSES_SMTP_PORT=2587\nSES_SMTP_USERNAME=AKIAIOSFODNN7EXAMPLE\nSES_SMTP_PASSWORD=BLBM/9hSUELfq8Gw+rU1YcBjkOxGbhT2XG763xVLGWL9\n",
        ),
        (
            Format::Fish,
            587,
            false,
            "set -gx SES_SMTP_HOST 'email-smtp.us-east-1.amazonaws.com'\nset -gx SES_SMTP_PORT '587'\nset -gx SES_SMTP_USERNAME 'AKIAIOSFODNN7EXAMPLE'\nset -gx SES_SMTP_PASSWORD 'BLBM/9hSUELfq8Gw+rU1YcBjkOxGbhT2XG763xVLGWL9'\n",
        ),
        (
            Format::K8s,
            465,
            false,
            "apiVersion: v1\nkind: Secret\nmetadata:\n  name: ses-smtp\ntype: Opaque\nstringData:\n  SES_SMTP_HOST: \"email-smtp.us-east-1.amazonaws.com\"\n  SES_SMTP_PORT: \"465\"\n  SES_SMTP_USERNAME: \"AKIAIOSFODNN7EXAMPLE\"\n  SES_SMTP_PASSWORD: \"BLBM/9hSUELfq8Gw+rU1YcBjkOxGbhT2XG763xVLGWL9\"\n",
        ),
        (
            Format::Postfix,
            587,
            true,
            "[email-smtp.us-east-1.amazonaws.com]:587 AKIAIOSFODNN7EXAMPLE:BLBM/9hSUELfq8Gw+rU1YcBjkOxGbhT2XG763xVLGWL9\n",
        ),
        (
            Format::Github,
            587,
            false,
            "::add-mask::BLBM/9hSUELfq8Gw+rU1YcBjkOxGbhT2XG763xVLGWL9\n",
        ),
        (
            Format::Url,
            2587,
            true,
            "smtp://AKIAIOSFODNN7EXAMPLE:BLBM%2F9hSUELfq8Gw%2BrU1YcBjkOxGbhT2XG763xVLGWL9@email-smtp.us-east-1.amazonaws.com:2587\n",
        ),
    ];
    for (i, (format, port, label, want)) in cases.iter().enumerate() {
        assert_eq!(
            one(*format, &c, *port, *label).as_deref(),
            Ok(*want),
            "case {i}"
        );
    }
}

#[test]
fn refusals() {
    let p = smtp_password_v2(b"k");
    let v2 = Credential {
        region: None,
        endpoint: None,
        username: Some("AKIAIOSFODNN7EXAMPLE"),
        password: &p,
    };
    assert_eq!(
        one(Format::Env, &v2, 587, false),
        Err(FormatError::NeedsRegion(plain_form(Format::Env)))
    );
    assert_eq!(
        one(Format::Url, &v2, 587, false),
        Err(FormatError::NeedsRegion(plain_form(Format::Url)))
    );
    assert_eq!(
        check_count(plain_form(Format::Env), 2),
        Err(FormatError::OneResultOnly(plain_form(Format::Env), 2))
    );
    assert_eq!(check_count(plain_form(Format::Env), 1), Ok(()));
    assert_eq!(check_count(plain_form(Format::Json), 20), Ok(()));
    let anon = Credential {
        endpoint: Some("h"),
        username: None,
        ..v2
    };
    assert_eq!(
        one(Format::Url, &anon, 587, false),
        Err(FormatError::NeedsUsername(plain_form(Format::Url)))
    );
    let json = one(Format::Json, &v2, 587, false).expect("json takes SigV2");
    assert!(json.starts_with(
        "{\"version\":2,\"region\":null,\"endpoint\":null,\"port\":587,\"tls\":\"starttls\","
    ));
}

#[test]
fn userinfo_encoding() {
    // 33 bytes encode to 44 base64 characters with no padding, so an SES
    // password never holds `=`; a username or other value still might.
    let enc = |s: &str| utf8_percent_encode(s, USERINFO).to_string();
    assert_eq!(enc("a+b/c=d@e:f%g h"), "a%2Bb%2Fc%3Dd%40e%3Af%25g%20h");
    assert_eq!(enc("AZaz09-._~"), "AZaz09-._~");
}

#[test]
fn quoting() {
    let mut out = Vec::new();
    shell_quote(&mut out, "a'b $x");
    assert_eq!(String::from_utf8(out).as_deref(), Ok(r"'a'\''b $x'"));
}

/// Every form that names the host, and every app in every form it takes,
/// refuses a credential without a username; none prints a byte.
#[test]
fn every_form_and_app_needs_the_username() {
    use clap::ValueEnum as _;
    let p = smtp_password_v4(b"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "us-east-1");
    let anon = Credential {
        region: Some("us-east-1"),
        endpoint: Some("email-smtp.us-east-1.amazonaws.com"),
        username: None,
        password: &p,
    };
    let apps = App::value_variants().iter().copied().map(Some);
    let mut forms = Vec::new();
    for app in std::iter::once(None).chain(apps) {
        let own = app.map(|_| &Format::Own);
        for &format in Format::value_variants().iter().chain(own) {
            let form = Form { format, app };
            if form.check(587).is_ok() && (app.is_some() || format.needs_username()) {
                forms.push(form);
            }
        }
    }
    // The 14 forms that name the host, each of the 10 apps in its own
    // syntax, and the 8 that read the environment in 6 env-style forms.
    assert_eq!(forms.len(), 14 + 10 + 8 * 6);
    let labels = Labels {
        secret: "ses-smtp",
        variables: None,
    };
    for form in forms {
        let mut out = Vec::new();
        assert_eq!(
            render(&mut out, form, &anon, 587, false, &labels),
            Err(FormatError::NeedsUsername(form)),
            "{}",
            form.flags()
        );
        assert!(out.is_empty(), "{}", form.flags());
    }
}
