"""Django builds its SMTP connection from the settings the tool printed:
`settings FILE…` runs each settings.py text; `env FILE…` reads each
env-file (python-dotenv) and hands its EMAIL_URL to dj-email-url. One JSON
line per file, from Django's EmailBackend itself."""
import json
import sys

import dj_email_url
import django
from django.conf import settings
from django.core.mail import get_connection
from django.test.utils import override_settings
from dotenv import dotenv_values

settings.configure()
django.setup()
mode, *files = sys.argv[1:]
for path in files:
    if mode == "settings":
        names = {}
        exec(open(path).read(), {}, names)
    else:
        env = dotenv_values(path)
        names = dj_email_url.parse(env["EMAIL_URL"])
        # The separate variables say the same as the URL.
        for key in ("EMAIL_HOST", "EMAIL_HOST_USER", "EMAIL_HOST_PASSWORD"):
            assert env[key] == names[key], key
        assert int(env["EMAIL_PORT"]) == names["EMAIL_PORT"]
        for key in ("EMAIL_USE_TLS", "EMAIL_USE_SSL"):
            assert (env.get(key) == "True") == names[key], key
    with override_settings(**{k: v for k, v in names.items() if k.isupper()}):
        c = get_connection()
        assert c.use_tls != c.use_ssl, "exactly one TLS setting"
        print(json.dumps({
            "host": c.host,
            "port": c.port,
            "user": c.username,
            "password": c.password,
            "tls": "implicit" if c.use_ssl else "starttls",
        }))
