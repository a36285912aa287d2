package io.connectdoctor.target;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import io.connectdoctor.connect.WorkerSelector;
import io.connectdoctor.settings.InvalidSettingException;
import org.jspecify.annotations.Nullable;

/**
 * Decides whether a {@code worker_id} is one whose tasks count. A worker id is the
 * worker's advertised REST {@code host:port}; hosts compare case-insensitively.
 *
 * @author connect-doctor
 */
public final class WorkerTarget implements WorkerSelector {

	static final String WORKER_IDS_PROPERTY = "connect-doctor.target.worker-ids";

	/** Bounds the memory of decisions should worker ids keep changing. */
	static final int MAX_REMEMBERED_WORKER_IDS = 1024;

	private final boolean cluster;

	private final Set<String> hosts;

	private final List<HostPort> explicit;

	private final int port;

	private final String description;

	/**
	 * Decisions by worker id: a cluster has a handful of workers but tens of thousands of
	 * tasks, and every poll asks about each task.
	 */
	private final Map<String, Boolean> decisions = new ConcurrentHashMap<>();

	private WorkerTarget(boolean cluster, Set<String> hosts, List<HostPort> explicit, int port, String description) {
		this.cluster = cluster;
		this.hosts = hosts;
		this.explicit = explicit;
		this.port = port;
		this.description = description;
	}

	/**
	 * Target every worker of the cluster.
	 * @return the target
	 */
	public static WorkerTarget cluster() {
		return new WorkerTarget(true, Set.of(), List.of(), -1, "every worker (cluster mode)");
	}

	/**
	 * Target the given worker ids. An entry without a port matches that host on any port.
	 * @param workerIds {@code host:port} entries; blanks are ignored, entries trimmed
	 * @return the target
	 */
	public static WorkerTarget of(List<String> workerIds) {
		List<HostPort> ids = workerIds.stream()
			.flatMap((entry) -> List.of(entry.split(",")).stream())
			.map(String::strip)
			.filter((entry) -> !entry.isEmpty())
			.map(WorkerTarget::parseSetting)
			.toList();
		return new WorkerTarget(false, Set.of(), ids, -1, "worker ids " + ids);
	}

	/**
	 * Target the worker connect-doctor talks to: a worker id whose port is the worker's
	 * and whose host is the one in the Connect URL or a name or address of this host.
	 * @param connectHost the host of the Connect URL
	 * @param connectPort the port of the Connect URL
	 * @param localNames this host's names and addresses
	 * @return the target
	 */
	public static WorkerTarget auto(String connectHost, int connectPort, Set<String> localNames) {
		Set<String> hosts = new TreeSet<>();
		hosts.add(normalizeHost(connectHost));
		localNames.forEach((name) -> hosts.add(normalizeHost(name)));
		return new WorkerTarget(false, Collections.unmodifiableSet(hosts), List.of(), connectPort,
				"the worker at port " + connectPort + " of " + hosts + " (found from the Connect URL and this host)");
	}

	/**
	 * Return whether this target counts every worker.
	 * @return {@code true} in cluster mode
	 */
	public boolean isCluster() {
		return this.cluster;
	}

	/**
	 * Return whether tasks on the given worker count.
	 * @param workerId a {@code worker_id} as Connect reports it, may be {@code null}
	 * @return whether it is targeted
	 */
	@Override
	public boolean matches(@Nullable String workerId) {
		if (this.cluster) {
			return true;
		}
		if (workerId == null) {
			return false;
		}
		Boolean known = this.decisions.get(workerId);
		if (known != null) {
			return known;
		}
		boolean decision = decide(HostPort.parse(workerId));
		if (this.decisions.size() < MAX_REMEMBERED_WORKER_IDS) {
			this.decisions.put(workerId, decision);
		}
		return decision;
	}

	private boolean decide(HostPort id) {
		if (!this.explicit.isEmpty()) {
			return this.explicit.stream().anyMatch((target) -> target.matches(id));
		}
		return id.port() == this.port && this.hosts.contains(id.host());
	}

	/**
	 * Return a sentence saying which workers are targeted, for logs and health details.
	 * @return the description
	 */
	public String description() {
		return this.description;
	}

	@Override
	public String toString() {
		return this.description;
	}

	/**
	 * Return this host's names and addresses: every interface address, the host name and
	 * its canonical name. Read once at start-up.
	 * @return the names, lower case
	 */
	public static Set<String> localNames() {
		Set<String> names = new TreeSet<>();
		names.add("localhost");
		try {
			for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
				for (InetAddress address : Collections.list(nic.getInetAddresses())) {
					names.add(normalizeHost(address.getHostAddress()));
				}
			}
		}
		catch (SocketException ex) {
			// No interfaces to read: the host names below still count.
		}
		try {
			InetAddress local = InetAddress.getLocalHost();
			names.add(normalizeHost(local.getHostName()));
			names.add(normalizeHost(local.getCanonicalHostName()));
			names.add(normalizeHost(local.getHostAddress()));
		}
		catch (UnknownHostException ex) {
			// A host without a resolvable name: its addresses still count.
		}
		String hostname = System.getenv("HOSTNAME");
		if (hostname != null && !hostname.isBlank()) {
			names.add(normalizeHost(hostname));
		}
		return names;
	}

	static String normalizeHost(String host) {
		String normalized = host.strip().toLowerCase(Locale.ROOT);
		if (normalized.startsWith("[") && normalized.endsWith("]")) {
			normalized = normalized.substring(1, normalized.length() - 1);
		}
		int scope = normalized.indexOf('%');
		return (scope >= 0) ? normalized.substring(0, scope) : normalized;
	}

	private static HostPort parseSetting(String entry) {
		HostPort id = HostPort.parse(entry);
		if (id.host().isEmpty() || id.port() == -2) {
			throw new InvalidSettingException(WORKER_IDS_PROPERTY,
					"'" + entry + "' is not a worker id (host:port, e.g. connect-0:8083)");
		}
		return id;
	}

	/**
	 * A worker id split into host and port; port -1 when absent, -2 when not a number.
	 */
	record HostPort(String host, int port) {

		static HostPort parse(String workerId) {
			String text = workerId.strip();
			int colon = text.lastIndexOf(':');
			boolean bracketedIpv6 = text.startsWith("[") && text.lastIndexOf(']') > colon;
			if (colon < 0 || bracketedIpv6) {
				return new HostPort(normalizeHost(text), -1);
			}
			String portText = text.substring(colon + 1);
			int port;
			try {
				port = Integer.parseInt(portText);
				if (port < 1 || port > 65535) {
					port = -2;
				}
			}
			catch (NumberFormatException ex) {
				port = -2;
			}
			return new HostPort(normalizeHost(text.substring(0, colon)), port);
		}

		boolean matches(HostPort id) {
			return this.host.equals(id.host) && (this.port == -1 || this.port == id.port);
		}

		@Override
		public String toString() {
			return (this.port >= 0) ? this.host + ":" + this.port : this.host;
		}

	}

}
