package io.connectdoctor.records;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.connectdoctor.settings.InvalidSettingException;
import io.connectdoctor.webhook.WebhookPropertiesAccess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The Azure settings: completed from AKS workload identity's variables, checked with a
 * message naming what is missing, and never printing the secret.
 *
 * @author connect-doctor
 */
class RecordsPropertiesTests {

	private final Map<String, String> environment = new HashMap<>();

	@Test
	void workloadIdentityVariablesFillWhatIsNotSet(@TempDir Path directory) throws Exception {
		Path tokenFile = Files.writeString(directory.resolve("token"), "jwt");
		this.environment.put("AZURE_TENANT_ID", "tenant-from-aks");
		this.environment.put("AZURE_CLIENT_ID", "client-from-aks");
		this.environment.put("AZURE_FEDERATED_TOKEN_FILE", tokenFile.toString());
		this.environment.put("AZURE_AUTHORITY_HOST", "https://login.microsoftonline.us/");
		RecordsProperties.Azure resolved = azure(null, null).resolve(this.environment::get);
		assertThat(resolved.tenantId()).isEqualTo("tenant-from-aks");
		assertThat(resolved.clientId()).isEqualTo("client-from-aks");
		assertThat(resolved.federatedTokenFile()).isEqualTo(tokenFile.toString());
		assertThat(resolved.clientSecret()).isNull();
		assertThat(resolved.authorityHost()).isEqualTo("https://login.microsoftonline.us/");
	}

	@Test
	void settingsWinOverTheVariablesAndASecretWinsOverATokenFile() {
		this.environment.put("AZURE_TENANT_ID", "tenant-from-aks");
		this.environment.put("AZURE_FEDERATED_TOKEN_FILE", "/var/run/secrets/azure/tokens/azure-identity-token");
		RecordsProperties.Azure resolved = azure("tenant", "topsecret").resolve(this.environment::get);
		assertThat(resolved.tenantId()).isEqualTo("tenant");
		assertThat(resolved.clientSecret()).isEqualTo("topsecret");
		assertThat(resolved.federatedTokenFile()).isNull();
	}

	@Test
	void missingRuleIdAndUnreadableTokenFileAreNamed() {
		RecordsProperties.Azure noRule = new RecordsProperties.Azure(URI.create("https://dce.example"), null,
				"Custom-KafkaConnect_CL", "tenant", "client", "secret", null, "https://login.microsoftonline.com", 10,
				DataSize.ofMegabytes(1), Duration.ofSeconds(30));
		assertThatExceptionOfType(InvalidSettingException.class).isThrownBy(() -> noRule.resolve(this.environment::get))
			.withMessageContaining("connect-doctor.records.azure.rule-id");
		this.environment.put("AZURE_FEDERATED_TOKEN_FILE", "/no/such/token");
		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> azure("tenant", null).resolve(this.environment::get))
			.withMessageContaining("connect-doctor.records.azure.federated-token-file")
			.withMessageContaining("/no/such/token");
	}

	@Test
	void secretsAreNeverPrinted() {
		assertThat(azure("tenant", "topsecret").toString()).doesNotContain("topsecret").contains("clientSecret=******");
		assertThat(new RecordsProperties(Duration.ofMinutes(5), 8192, azure("tenant", "topsecret")).toString())
			.doesNotContain("topsecret");
		assertThat(WebhookPropertiesAccess.describe("https://hooks.slack.com/services/T0/B0/topsecret"))
			.doesNotContain("topsecret")
			.contains("hooks.slack.com");
	}

	private static RecordsProperties.Azure azure(String tenant, String secret) {
		return new RecordsProperties.Azure(URI.create("https://dce.example"), "dcr-0", "Custom-KafkaConnect_CL", tenant,
				(tenant != null) ? "client" : null, secret, null, "https://login.microsoftonline.com", 10,
				DataSize.ofMegabytes(1), Duration.ofSeconds(30));
	}

}
