"""Differential test: the AWS CLI's own credential lookup (botocore) and
ses-smtp-password read the same generated credentials and config files.

For each case, botocore's Session(profile=NAME).get_credentials() and
`ses-smtp-password --profile NAME --v2 -f json` must agree: the same key
(the SigV2 password of botocore's secret, and its access key ID as the
username), or both refuse. What SES SMTP cannot use counts as a refusal on
botocore's side too: no credentials, an error, a session token, or a key or
ID that is not shaped like an IAM user's long-term key.

Then the same for `credential_process` commands: botocore splits them with
`shlex.split` and runs them; so do we. Each generated command runs a helper
whose key is a hash of the arguments it received, so both agree only when
they split the command into the same words (quotes, backslashes inside and
outside double quotes, tabs, non-breaking spaces), or both refuse it.

Last, the file variables themselves, spelled with `$NAME`, `${NAME}` and `~`
(botocore expands them with os.path.expandvars, then expanduser): both must
read the same file.

Usage: python3 botocore_diff.py BINARY [CASES] [SEED]
"""

import base64
import hashlib
import hmac
import json
import os
import random
import re
import subprocess
import sys
import tempfile

import botocore.session

KEY_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
NAMES = ["default", "ses", "ses-smtp", "prod", "ses smtp", "Ses"]


def key(rng):
    return "".join(rng.choice(KEY_CHARS) for _ in range(40))


def key_id(rng):
    return "AKIA" + "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") for _ in range(16))


def setting(rng, name, value):
    """One `name = value` line in one of the spellings configparser takes."""
    if rng.random() < 0.2:
        name = name.upper()
    sep = rng.choice(["=", " = ", ":", " : ", "\t=\t", "   =   "])
    return f"{name}{sep}{value}"


def section(rng, header, profile_keys):
    lines = []
    if rng.random() < 0.3:
        lines.append(rng.choice(["# keys", "; rotated 2026", "  # indented comment"]))
    note = rng.choice(["", "", "", " # note", " ; note"])
    lines.append(f"[{header}]{note}")
    if rng.random() < 0.3:
        lines.append(setting(rng, "region", rng.choice(["eu-west-1", "us-east-1"])))
    for name, value in profile_keys:
        lines.append(setting(rng, name, value))
    if rng.random() < 0.15:
        lines += ["s3 =", "    addressing_style = path", "    signature_version = s3v4"]
    if rng.random() < 0.1:
        lines.append("")
    return lines


def keys_for(rng):
    """The settings of one profile: mostly a full key, sometimes not."""
    roll = rng.random()
    out = []
    if roll < 0.75:
        out += [("aws_access_key_id", key_id(rng)), ("aws_secret_access_key", key(rng))]
    elif roll < 0.83:
        out += [("aws_access_key_id", key_id(rng))]
    elif roll < 0.9:
        out += [("aws_secret_access_key", key(rng))]
    elif roll < 0.95:
        out += [("aws_access_key_id", key_id(rng)), ("aws_secret_access_key", "")]
    if out and rng.random() < 0.08:
        out.append(("aws_session_token", "IQoJb3JpZ2luX2Vj" + key(rng)[:20]))
    rng.shuffle(out)
    return out


def config_header(rng, name):
    if name == "default" and rng.random() < 0.6:
        return "default"
    quoted = f'"{name}"' if (" " in name or rng.random() < 0.2) else name
    return rng.choice([f"profile {quoted}", f"profile  {quoted}"])


def credentials_header(rng, name):
    return name if rng.random() < 0.95 else f" {name} "


def file_text(rng, sections):
    lines = []
    if rng.random() < 0.1:
        lines += ["[DEFAULT]", setting(rng, "output", "json")]
    for s in sections:
        lines += s
    if rng.random() < 0.03 and sections:
        lines += sections[0]  # a duplicated section: the AWS CLI refuses the file
    text = "\n".join(lines) + "\n"
    if rng.random() < 0.2:
        text = text.replace("\n", "\r\n")
    return text


def generate(rng):
    names = rng.sample(NAMES, rng.randint(1, 4))
    creds = config = None
    if rng.random() < 0.85:
        creds = file_text(rng, [section(rng, credentials_header(rng, n), keys_for(rng)) for n in names if rng.random() < 0.8])
    if rng.random() < 0.6:
        config = file_text(rng, [section(rng, config_header(rng, n), keys_for(rng)) for n in names if rng.random() < 0.7])
    target = rng.choice(names + ["missing"])
    return creds, config, target


def usable(access_key, secret):
    return bool(re.fullmatch(r"AKIA[A-Z0-9]{16}", access_key or "")) and bool(
        re.fullmatch(r"[A-Za-z0-9+/]{40}", secret or "")
    )


def botocore_outcome(profile):
    try:
        creds = botocore.session.Session(profile=profile).get_credentials()
    except Exception as e:  # ProfileNotFound, ConfigParseError, PartialCredentialsError …
        return ("refuse", type(e).__name__)
    if creds is None:
        return ("refuse", "no credentials")
    if creds.token:
        return ("refuse", "session token")
    if not usable(creds.access_key, creds.secret_key):
        return ("refuse", "not a long-term key")
    mac = hmac.new(creds.secret_key.encode(), b"SendRawEmail", hashlib.sha256).digest()
    return ("key", creds.access_key, base64.b64encode(b"\x02" + mac).decode())


def our_outcome(binary, profile, env):
    run = subprocess.run(
        [binary, "--profile", profile, "--v2", "-f", "json", "-q"],
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=20,
    )
    if run.returncode != 0:
        return ("refuse", run.stderr.strip().splitlines()[0] if run.stderr else run.returncode)
    line = json.loads(run.stdout)
    return ("key", line["username"], line["password"])


def agree(agreed, theirs, ours, title, *details):
    """Counts an agreement (the same key, or both refuse); on a disagreement
    prints the case and both outcomes and ends the run."""
    if theirs[0] != ours[0] or (theirs[0] == "key" and theirs != ours):
        print(title)
        print(f"  botocore:          {theirs}")
        print(f"  ses-smtp-password: {ours}")
        for line in details:
            print(line)
        sys.exit(1)
    agreed[theirs[0]] += 1


HELPER = """import base64, hashlib, json, sys
digest = hashlib.sha256(json.dumps(sys.argv[1:]).encode()).digest()
secret = base64.b64encode(digest * 2).decode()[:40]
print(json.dumps({"Version": 1, "AccessKeyId": "AKIAIOSFODNN7EXAMPLE", "SecretAccessKey": secret}))
"""


def piece(rng):
    """One piece of a word, in one of the quotings shlex reads."""
    inner = ["a", "b", " ", "\\$", "\\`", '\\"', "\\\\", "\\n", "'", "$HOME", "\u00a0", "\t"]
    roll = rng.random()
    if roll < 0.3:
        return "".join(rng.choice("abcdefgh0123-_./=") for _ in range(rng.randint(1, 5)))
    if roll < 0.5:
        return "'" + "".join(rng.choice(["a", " ", "\\", '"', "$", "`", "\u00a0"]) for _ in range(rng.randint(0, 4))) + "'"
    if roll < 0.8:
        return '"' + "".join(rng.choice(inner) for _ in range(rng.randint(0, 4))) + '"'
    if roll < 0.95:
        return rng.choice(["\\ ", "\\$", '\\"', "\\'", "\\\\", "\\a", "\u00a0"])
    return rng.choice(['"open', "'open", "end\\"])  # shlex refuses these


def process_command(rng, python, helper):
    words = ["".join(piece(rng) for _ in range(rng.randint(1, 3))) for _ in range(rng.randint(0, 4))]
    seps = [rng.choice([" ", "  ", "\t"]) for _ in words]
    args = "".join(sep + w for sep, w in zip(seps, words))
    return f"{python} {helper}{args}"


def process_cases(binary, cases, rng, home, config_path, base):
    helper = os.path.join(home, "argv_creds.py")
    with open(helper, "w") as f:
        f.write(HELPER)
    creds_path = base["AWS_SHARED_CREDENTIALS_FILE"]
    if os.path.exists(creds_path):
        os.remove(creds_path)
    agreed = {"key": 0, "refuse": 0}
    for n in range(cases):
        command = process_command(rng, sys.executable, helper)
        with open(config_path, "w") as f:
            f.write(f"[profile proc]\ncredential_process = {command}\n")
        agree(
            agreed,
            botocore_outcome("proc"),
            our_outcome(binary, "proc", base),
            f"process case {n}: credential_process = {command!r}",
        )
    return agreed


def path_cases(binary, cases, rng, home, base):
    """The two file variables spelled with `$NAME`, `${NAME}` and `~`, as an
    env file or a systemd unit passes them (no shell expands them): botocore
    expands variables, then a leading `~`. Files named as an unexpanded
    spelling exist too, so expanding what Python leaves alone shows."""
    folder = os.path.join(home, "d")
    os.makedirs(folder, exist_ok=True)
    for name in ["credentials", "cred", "$X", "${X}", "$$X", "${N"]:
        with open(os.path.join(folder, name), "w") as f:
            f.write(f"[default]\naws_access_key_id = {key_id(rng)}\naws_secret_access_key = {key(rng)}\n")
    env = dict(base, D=folder, T="~", N="credentials", EMPTY="")
    env.pop("X", None)
    heads = ["$D", "${D}", "~/d", "$T/d", "${T}/d", "$D$EMPTY", "${D}${EMPTY}", "$NOPE", "${D"]
    tails = ["/credentials", "/$N", "/${N}", "/$X", "/${X}", "/cre${EMPTY}d", "/$Nx", "/${N", "/$$X", "/"]
    agreed = {"key": 0, "refuse": 0}
    for n in range(cases):
        spelled = rng.choice(heads) + rng.choice(tails)
        which = rng.choice(["AWS_SHARED_CREDENTIALS_FILE", "AWS_CONFIG_FILE"])
        case_env = dict(env)
        case_env["AWS_SHARED_CREDENTIALS_FILE"] = os.path.join(home, "none")
        case_env["AWS_CONFIG_FILE"] = os.path.join(home, "none")
        case_env[which] = spelled
        os.environ.clear()
        os.environ.update(case_env)
        agree(
            agreed,
            botocore_outcome("default"),
            our_outcome(binary, "default", case_env),
            f"path case {n}: {which}={spelled!r}",
        )
    os.environ.clear()
    os.environ.update(base)
    return agreed


def main():
    binary = sys.argv[1]
    cases = int(sys.argv[2]) if len(sys.argv) > 2 else 250
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else random.randrange(1 << 32)
    print(f"seed {seed} ({cases} cases)")
    rng = random.Random(seed)
    agreed = {"key": 0, "refuse": 0}
    with tempfile.TemporaryDirectory() as home:
        creds_path = os.path.join(home, "credentials")
        config_path = os.path.join(home, "config")
        base = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        base.update(
            HOME=home,
            AWS_EC2_METADATA_DISABLED="true",
            AWS_SHARED_CREDENTIALS_FILE=creds_path,
            AWS_CONFIG_FILE=config_path,
        )
        os.environ.clear()
        os.environ.update(base)
        for n in range(cases):
            creds, config, profile = generate(rng)
            for path, text in ((creds_path, creds), (config_path, config)):
                if os.path.exists(path):
                    os.remove(path)
                if text is not None:
                    with open(path, "w", newline="") as f:
                        f.write(text)
                    os.chmod(path, 0o600)
            agree(
                agreed,
                botocore_outcome(profile),
                our_outcome(binary, profile, base),
                f"case {n}: profile {profile!r}",
                f"  credentials file: {creds!r}",
                f"  config file:      {config!r}",
                f"repeat: python3 {sys.argv[0]} BINARY {cases} {seed}",
            )
        processes = process_cases(binary, cases // 4, rng, home, config_path, base)
        paths = path_cases(binary, cases // 4, rng, home, base)
    print(f"{cases} cases agree: {agreed['key']} keys, {agreed['refuse']} refusals")
    print(
        f"{cases // 4} credential_process cases agree: {processes['key']} keys, {processes['refuse']} refusals"
    )
    print(f"{cases // 4} file path cases agree: {paths['key']} keys, {paths['refuse']} refusals")


if __name__ == "__main__":
    main()
