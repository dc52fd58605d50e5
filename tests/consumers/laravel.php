<?php
// Laravel's reading of its .env (vlucas/phpdotenv, Debian's
// php-vlucas-phpdotenv) and the transport it builds from it: Symfony
// Mailer's EsmtpTransportFactory with the scheme Laravel's
// MailManager::createSmtpTransport picks (11: MAIL_SCHEME, or smtps for
// port 465; 10: MAIL_ENCRYPTION=tls gives smtps on 465, smtp elsewhere).
// One JSON line per file: host, port, user, password and the TLS mode
// of the transport's socket.
require '/usr/share/php/Dotenv/autoload.php';
require '/usr/share/php/Symfony/Component/Mailer/autoload.php';

use Symfony\Component\Mailer\Transport\Dsn;
use Symfony\Component\Mailer\Transport\Smtp\EsmtpTransportFactory;

foreach (array_slice($argv, 1) as $file) {
    $env = Dotenv\Dotenv::parse(file_get_contents($file));
    if ($env['MAIL_MAILER'] !== 'smtp') {
        fwrite(STDERR, "MAIL_MAILER is not smtp\n");
        exit(1);
    }
    $port = (int) $env['MAIL_PORT'];
    if (array_key_exists('MAIL_SCHEME', $env)) {
        $scheme = $env['MAIL_SCHEME'] ?: ($port == 465 ? 'smtps' : 'smtp');
    } else {
        $scheme = $env['MAIL_ENCRYPTION'] === 'tls' ? ($port == 465 ? 'smtps' : 'smtp') : '';
    }
    $dsn = new Dsn($scheme, $env['MAIL_HOST'], $env['MAIL_USERNAME'], $env['MAIL_PASSWORD'], $port);
    $transport = (new EsmtpTransportFactory())->create($dsn);
    echo json_encode([
        'host' => $env['MAIL_HOST'],
        'port' => $port,
        'user' => $transport->getUsername(),
        'password' => $transport->getPassword(),
        'tls' => $transport->getStream()->isTLS() ? 'implicit' : 'starttls',
    ], JSON_UNESCAPED_SLASHES), "\n";
}
