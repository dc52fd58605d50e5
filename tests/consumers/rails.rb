# Ruby evaluates the ActionMailer settings against a stand-in for Rails'
# `config` (Rails itself is not installed): `tls: true` is TLS from the
# first byte, `enable_starttls_auto: true` STARTTLS. One JSON line per file.
require 'json'

Mailer = Struct.new(:delivery_method, :smtp_settings)
Config = Struct.new(:action_mailer)
ARGV.each do |path|
  config = Config.new(Mailer.new)
  eval(File.read(path), binding, path)
  mailer = config.action_mailer
  raise 'delivery_method' unless mailer.delivery_method == :smtp
  s = mailer.smtp_settings
  raise 'authentication' unless s[:authentication] == :login
  raise 'exactly one TLS setting' unless [s[:tls], s[:enable_starttls_auto]].compact == [true]
  puts JSON.generate(host: s[:address], port: s[:port], user: s[:user_name],
                     password: s[:password], tls: s[:tls] ? 'implicit' : 'starttls')
end
