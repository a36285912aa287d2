package io.connectdoctor.records;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;

import io.connectdoctor.settings.InvalidSettingException;
import io.connectdoctor.settings.Require;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Status records: one per counted connector and task, every {@code interval}.
 *
 * @param interval how often the records are written; off when unset
 * @param traceMaxLength characters of a trace kept in a record (Log Analytics keeps at
 * most 32 KB of a string column)
 * @param azure where in Azure Monitor the records go too; nowhere but the log when
 * {@code endpoint} is unset
 * @author connect-doctor
 */
@ConfigurationProperties("connect-doctor.records")
public record RecordsProperties(@Nullable Duration interval, @DefaultValue("8192") int traceMaxLength,
		@DefaultValue Azure azure) {

	static final String PREFIX = "connect-doctor.records.";

	public RecordsProperties {
		Require.between(PREFIX + "interval", interval, Duration.ofMillis(100), Duration.ofDays(1));
		Require.between(PREFIX + "trace-max-length", traceMaxLength, 0, 32 * 1024);
		if (azure.isConfigured() && interval == null) {
			throw new InvalidSettingException(PREFIX + "interval",
					"is not set, but " + PREFIX + "azure.endpoint is: records are sent every interval");
		}
	}

	/**
	 * Azure Monitor's Logs Ingestion API: a data collection endpoint, rule and stream,
	 * and a Microsoft Entra application allowed to send to the rule (role "Monitoring
	 * Metrics Publisher"). Unset values are taken from the variables AKS workload
	 * identity sets ({@code AZURE_TENANT_ID}, {@code AZURE_CLIENT_ID},
	 * {@code AZURE_FEDERATED_TOKEN_FILE}, {@code AZURE_AUTHORITY_HOST}) and from
	 * {@code AZURE_CLIENT_SECRET}.
	 *
	 * @param endpoint the data collection endpoint's logs ingestion URL
	 * ({@code https://<dce>.<region>.ingest.monitor.azure.com})
	 * @param ruleId the data collection rule's immutable id ({@code dcr-...})
	 * @param stream the rule's stream
	 * @param tenantId the Entra tenant
	 * @param clientId the application (service principal or workload identity)
	 * @param clientSecret the service principal's secret; never printed
	 * @param federatedTokenFile the workload identity's token file, read again for each
	 * token (the kubelet renews it)
	 * @param authorityHost where tokens come from
	 * @param queueSize records kept while Azure cannot take them; older ones give way,
	 * counted
	 * @param maxBatchSize the most one send carries (the API takes at most 1 MB)
	 * @param requestTimeout deadline of each request, token or records
	 */
	public record Azure(@Nullable URI endpoint, @Nullable String ruleId,
			@DefaultValue("Custom-KafkaConnect_CL") String stream, @Nullable String tenantId, @Nullable String clientId,
			@Nullable String clientSecret, @Nullable String federatedTokenFile,
			@DefaultValue("https://login.microsoftonline.com") String authorityHost,
			@DefaultValue("20000") int queueSize, @DefaultValue("1MB") DataSize maxBatchSize,
			@DefaultValue("30s") Duration requestTimeout) {

		static final String AZURE = PREFIX + "azure.";

		public Azure {
			Require.between(AZURE + "queue-size", queueSize, 1, 1_000_000);
			Require.between(AZURE + "request-timeout", requestTimeout, Duration.ofMillis(100), Duration.ofMinutes(10));
			if (maxBatchSize.toBytes() < 1024 || maxBatchSize.toBytes() > DataSize.ofMegabytes(1).toBytes()) {
				throw new InvalidSettingException(AZURE + "max-batch-size",
						"must be between 1KB and 1MB, the most the Logs Ingestion API takes (was " + maxBatchSize
								+ ")");
			}
			if (endpoint != null && !"https".equals(endpoint.getScheme()) && !"http".equals(endpoint.getScheme())) {
				throw new InvalidSettingException(AZURE + "endpoint",
						"must be the data collection endpoint's https:// URL (was " + endpoint + ")");
			}
		}

		/**
		 * Return whether records go to Azure.
		 * @return {@code true} when the endpoint is set
		 */
		public boolean isConfigured() {
			return this.endpoint != null;
		}

		/**
		 * Return these settings completed from the environment (AKS workload identity's
		 * variables) and checked.
		 * @param environment the environment's variables
		 * @return the settings to use
		 * @throws InvalidSettingException naming the first missing or wrong setting
		 */
		Azure resolve(UnaryOperator<@Nullable String> environment) {
			String tenant = or(this.tenantId, environment.apply("AZURE_TENANT_ID"));
			String client = or(this.clientId, environment.apply("AZURE_CLIENT_ID"));
			String secret = or(this.clientSecret, environment.apply("AZURE_CLIENT_SECRET"));
			String tokenFile = or(this.federatedTokenFile, environment.apply("AZURE_FEDERATED_TOKEN_FILE"));
			String authority = (environment.apply("AZURE_AUTHORITY_HOST") != null
					&& "https://login.microsoftonline.com".equals(this.authorityHost))
							? environment.apply("AZURE_AUTHORITY_HOST") : this.authorityHost;
			required("rule-id", this.ruleId);
			required("tenant-id", tenant);
			required("client-id", client);
			if (secret == null && tokenFile == null) {
				throw new InvalidSettingException(AZURE + "client-secret",
						"is not set, and neither is " + AZURE + "federated-token-file (or AZURE_CLIENT_SECRET, "
								+ "AZURE_FEDERATED_TOKEN_FILE): one of them is needed to get a token");
			}
			if (secret == null && !Files.isReadable(Path.of(tokenFile))) {
				throw new InvalidSettingException(AZURE + "federated-token-file", "cannot be read: " + tokenFile
						+ " (is the pod's service account set up for workload identity?)");
			}
			return new Azure(this.endpoint, this.ruleId, this.stream, tenant, client, secret,
					(secret != null) ? null : tokenFile, authority, this.queueSize, this.maxBatchSize,
					this.requestTimeout);
		}

		private static void required(String name, @Nullable String value) {
			if (value == null) {
				throw new InvalidSettingException(AZURE + name, "is not set, but " + AZURE + "endpoint is");
			}
		}

		private static @Nullable String or(@Nullable String value, @Nullable String fallback) {
			return (value != null && !value.isBlank()) ? value
					: (fallback != null && !fallback.isBlank()) ? fallback : null;
		}

		@Override
		public String toString() {
			return "Azure[endpoint=" + this.endpoint + ", ruleId=" + this.ruleId + ", stream=" + this.stream
					+ ", tenantId=" + this.tenantId + ", clientId=" + this.clientId + ", clientSecret="
					+ ((this.clientSecret != null) ? "******" : null) + ", federatedTokenFile="
					+ this.federatedTokenFile + "]";
		}

	}

}
