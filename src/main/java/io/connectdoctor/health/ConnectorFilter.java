package io.connectdoctor.health;

import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import io.connectdoctor.settings.InvalidSettingException;

/**
 * Include and exclude patterns for connector names, matched against the whole name.
 *
 * @author connect-doctor
 */
public final class ConnectorFilter {

	private final List<Pattern> include;

	private final List<Pattern> exclude;

	/**
	 * Create a filter.
	 * @param include patterns of connectors to watch; all when empty
	 * @param exclude patterns of connectors never to watch
	 * @param prefix the properties' prefix, to name the one at fault in errors
	 */
	public ConnectorFilter(List<String> include, List<String> exclude, String prefix) {
		this.include = compile(include, prefix + ".include");
		this.exclude = compile(exclude, prefix + ".exclude");
	}

	/**
	 * Return whether the named connector is watched.
	 * @param name a connector's name
	 * @return {@code true} when included and not excluded
	 */
	public boolean watches(String name) {
		// Called for every connector on every poll: plain loops, no streams.
		return (this.include.isEmpty() || anyMatches(this.include, name)) && !anyMatches(this.exclude, name);
	}

	private static boolean anyMatches(List<Pattern> patterns, String name) {
		for (Pattern pattern : patterns) {
			if (pattern.matcher(name).matches()) {
				return true;
			}
		}
		return false;
	}

	private static List<Pattern> compile(List<String> patterns, String property) {
		return patterns.stream().filter((p) -> !p.isBlank()).map((p) -> {
			try {
				return Pattern.compile(p.strip());
			}
			catch (PatternSyntaxException ex) {
				throw new InvalidSettingException(property,
						"'" + p + "' is not a regular expression (" + ex.getDescription() + ")");
			}
		}).toList();
	}

}
