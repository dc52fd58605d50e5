<?php
// PHP itself evaluates the WP Mail SMTP constants (as wp-config.php would
// hold them). WPMS_SSL is PHPMailer's SMTPSecure: 'ssl' is TLS from the
// first byte, 'tls' STARTTLS. One process per file: constants are global.
include $argv[1];
if (WPMS_ON !== true || WPMS_MAILER !== 'smtp' || WPMS_SMTP_AUTH !== true) {
    fwrite(STDERR, "WPMS_ON, WPMS_MAILER or WPMS_SMTP_AUTH is wrong\n");
    exit(1);
}
$tls = ['ssl' => 'implicit', 'tls' => 'starttls'];
echo json_encode([
    'host' => WPMS_SMTP_HOST,
    'port' => WPMS_SMTP_PORT,
    'user' => WPMS_SMTP_USER,
    'password' => WPMS_SMTP_PASS,
    'tls' => $tls[WPMS_SSL],
], JSON_UNESCAPED_SLASHES), "\n";
