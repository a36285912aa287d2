package floor;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The framework alone, for bench/run.sh: connect-doctor's classpath (the image's lib/) and
 * JVM options, no connect-doctor code, one fixed answer at the probe paths. What it starts
 * in and holds under the same load is the floor under connect-doctor's own figures.
 */
@SpringBootApplication
@RestController
public class FloorApp {

	private static final String ANSWER = "{\"status\":\"UP\",\"failures\":[]}";

	@GetMapping(path = "/healthcheck", produces = "application/json")
	public String worker() {
		return ANSWER;
	}

	@GetMapping(path = "/healthcheck/{connector}", produces = "application/json")
	public String connector() {
		return ANSWER;
	}

	public static void main(String[] args) {
		SpringApplication.run(FloorApp.class, args);
	}

}
