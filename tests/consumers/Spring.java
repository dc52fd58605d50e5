// Java's Properties reads the Spring Boot application.properties (Spring
// itself is not installed): mail.smtp.ssl.enable is TLS from the first
// byte, mail.smtp.starttls.enable with .required STARTTLS; auth on, and
// the three JavaMail timeouts set. One JSON line per file.
import java.io.FileReader;
import java.util.Properties;

public class Spring {
    public static void main(String[] files) throws Exception {
        String m = "spring.mail.properties.mail.smtp.";
        for (String path : files) {
            Properties p = new Properties();
            try (FileReader r = new FileReader(path)) {
                p.load(r);
            }
            boolean ssl = "true".equals(p.getProperty(m + "ssl.enable"));
            boolean starttls = "true".equals(p.getProperty(m + "starttls.enable"))
                && "true".equals(p.getProperty(m + "starttls.required"));
            if (ssl == starttls || !"true".equals(p.getProperty(m + "auth"))) {
                throw new IllegalStateException("TLS or auth settings");
            }
            for (String t : new String[] {"connectiontimeout", "timeout", "writetimeout"}) {
                Integer.parseInt(p.getProperty(m + t));
            }
            System.out.println("{\"host\":\"" + p.getProperty("spring.mail.host")
                + "\",\"port\":" + Integer.parseInt(p.getProperty("spring.mail.port"))
                + ",\"user\":\"" + p.getProperty("spring.mail.username")
                + "\",\"password\":\"" + p.getProperty("spring.mail.password")
                + "\",\"tls\":\"" + (ssl ? "implicit" : "starttls") + "\"}");
        }
    }
}
