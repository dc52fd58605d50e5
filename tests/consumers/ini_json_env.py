"""Stand-ins where the app itself does not install here, each reading the
tool's output with the parser the app's format follows:
  grafana FILE…   configparser (grafana.ini's syntax); gomail, Grafana's
                  mailer, speaks TLS from the first byte on port 465
  dotnet FILE…    json (appsettings.json)
  dms FILE…       python-dotenv (docker-mailserver's mailserver.env)
One JSON line per file."""
import configparser
import json
import sys

from dotenv import dotenv_values

mode, *files = sys.argv[1:]
for path in files:
    if mode == "grafana":
        ini = configparser.ConfigParser(interpolation=None)
        ini.read(path)
        smtp = ini["smtp"]
        assert smtp["enabled"] == "true"
        host, port = smtp["host"].rsplit(":", 1)
        implicit = port == "465"
        assert implicit or smtp["startTLS_policy"] == "MandatoryStartTLS"
        out = (host, int(port), smtp["user"], smtp["password"], implicit)
    elif mode == "dotnet":
        smtp = json.load(open(path))["Smtp"]
        assert smtp["EnableSsl"] is True
        implicit = {"SslOnConnect": True, "StartTls": False}[smtp["SecureSocketOptions"]]
        out = (smtp["Host"], smtp["Port"], smtp["Username"], smtp["Password"], implicit)
    else:
        env = dotenv_values(path)
        out = (env["RELAY_HOST"], int(env["RELAY_PORT"]), env["RELAY_USER"], env["RELAY_PASSWORD"], False)
    host, port, user, password, implicit = out
    print(json.dumps({"host": host, "port": port, "user": user, "password": password,
                      "tls": "implicit" if implicit else "starttls"}))
