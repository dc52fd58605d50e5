<?php
// Symfony's own reading of its .env (symfony/dotenv) and of each DSN the
// output holds (Transport::fromDsn, with symfony/amazon-mailer for
// ses+smtp://), and its container's unescaping of the %%-form. Debian's
// php-symfony-* packages. One JSON line per file and DSN.
require '/usr/share/php/Symfony/Component/Dotenv/autoload.php';
require '/usr/share/php/Symfony/Component/Mailer/autoload.php';
require '/usr/share/php/Symfony/Component/Mailer/Bridge/Amazon/autoload.php';
require '/usr/share/php/Symfony/Component/DependencyInjection/autoload.php';

use Symfony\Component\DependencyInjection\ParameterBag\ParameterBag;
use Symfony\Component\Mailer\Transport;

function show(string $dsn): string
{
    $transport = Transport::fromDsn($dsn);
    $stream = $transport->getStream();
    return json_encode([
        'host' => $stream->getHost(),
        'port' => $stream->getPort(),
        'user' => $transport->getUsername(),
        'password' => $transport->getPassword(),
        'tls' => $stream->isTLS() ? 'implicit' : 'starttls',
    ], JSON_UNESCAPED_SLASHES) . "\n";
}

foreach (array_slice($argv, 1) as $file) {
    $text = file_get_contents($file);
    $env = (new Symfony\Component\Dotenv\Dotenv())->parse($text);
    echo show($env['MAILER_DSN']);
    preg_match('/^# with symfony\/amazon-mailer: MAILER_DSN=(.*)$/m', $text, $ses);
    echo show($ses[1]);
    preg_match('/^# in a YAML or XML parameter \(% doubled\): (.*)$/m', $text, $param);
    $bag = new ParameterBag();
    echo show($bag->unescapeValue($bag->resolveValue($param[1])));
}
