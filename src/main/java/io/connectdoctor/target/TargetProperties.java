package io.connectdoctor.target;

import java.util.List;

import io.connectdoctor.settings.Require;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Which worker's tasks count.
 *
 * @param mode {@code sidecar}: only the targeted worker(s); {@code cluster}: every worker
 * (one doctor per cluster)
 * @param workerIds the {@code host:port} worker ids to target in sidecar mode (as Connect
 * writes them in {@code worker_id}); when empty, the worker connect-doctor talks to,
 * found by this host's addresses and names plus the worker's port
 * @param mismatchWarningPolls polls in a row in which the cluster has tasks but none on a
 * targeted worker before connect-doctor warns that its target may be wrong
 * @author connect-doctor
 */
@ConfigurationProperties("connect-doctor.target")
public record TargetProperties(@DefaultValue("sidecar") Mode mode, @DefaultValue List<String> workerIds,
		@DefaultValue("3") int mismatchWarningPolls) {

	public TargetProperties {
		Require.atLeast("connect-doctor.target.mismatch-warning-polls", mismatchWarningPolls, 1);
	}

	/**
	 * Whose tasks count.
	 */
	public enum Mode {

		/** The tasks of the targeted worker(s) only. */
		SIDECAR,

		/** The tasks of every worker of the cluster. */
		CLUSTER

	}

}
