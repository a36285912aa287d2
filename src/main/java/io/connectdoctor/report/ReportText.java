package io.connectdoctor.report;

import java.io.PrintStream;
import java.util.List;
import java.util.function.Function;

import io.connectdoctor.report.ConnectorReport.Connector;
import io.connectdoctor.report.ConnectorReport.FailedUnit;

/**
 * Renders a {@link ConnectorReport} as a table a person reads in a terminal.
 *
 * @author connect-doctor
 */
final class ReportText {

	private static final String[] HEADER = { "CONNECTOR", "TYPE", "STATE", "WORKER", "TASKS", "RUNNING", "FAILED",
			"PAUSED", "UNASSIGNED", "STUCK", "LAG" };

	private ReportText() {
	}

	/**
	 * Print the report.
	 * @param report the report
	 * @param out where to
	 * @param traces whether failed and stuck units show their whole trace, not its first
	 * line
	 */
	static void print(ConnectorReport report, PrintStream out, boolean traces) {
		List<String[]> rows = new java.util.ArrayList<>();
		rows.add(HEADER);
		for (Connector c : report.connectors()) {
			rows.add(new String[] { c.name(), String.valueOf(c.type()), c.state().name(), String.valueOf(c.worker()),
					String.valueOf(c.tasks().total()), String.valueOf(c.tasks().running()),
					String.valueOf(c.tasks().failed()), String.valueOf(c.tasks().paused()),
					String.valueOf(c.tasks().unassigned()), String.valueOf(c.tasks().stuck()),
					(c.lag() != null) ? String.valueOf(c.lag().records()) : "-" });
		}
		int[] widths = new int[HEADER.length];
		for (String[] row : rows) {
			for (int i = 0; i < row.length; i++) {
				widths[i] = Math.max(widths[i], row[i].length());
			}
		}
		for (String[] row : rows) {
			StringBuilder line = new StringBuilder();
			for (int i = 0; i < row.length; i++) {
				line.append(String.format("%-" + widths[i] + "s", row[i]));
				if (i < row.length - 1) {
					line.append("  ");
				}
			}
			out.println(line.toString().stripTrailing());
		}
		ConnectorReport.Totals totals = report.totals();
		out.println();
		out.printf(
				"%d connectors (%d running, %d failed); %d tasks: %d running, %d failed, %d paused, "
						+ "%d unassigned, %d stuck%n",
				totals.connectors(), totals.runningConnectors(), totals.failedConnectors(), totals.tasks().total(),
				totals.tasks().running(), totals.tasks().failed(), totals.tasks().paused(), totals.tasks().unassigned(),
				totals.tasks().stuck());
		printUnits(report, out, "FAILED", Connector::failedUnits, traces);
		printUnits(report, out, "STUCK", Connector::stuck, traces);
	}

	private static void printUnits(ConnectorReport report, PrintStream out, String title,
			Function<Connector, List<FailedUnit>> units, boolean traces) {
		boolean header = false;
		for (Connector c : report.connectors()) {
			for (FailedUnit unit : units.apply(c)) {
				if (!header) {
					out.println();
					out.println(title);
					header = true;
				}
				String what = (unit.taskId() != null) ? "task " + unit.taskId() : "connector";
				out.printf("  %s %s on %s%s%n", c.name(), what, unit.worker(), (unit.healing() != null)
						? " [healer: " + unit.healing().state() + ", " + unit.healing().attempts() + " restarts]" : "");
				String trace = traces ? whole(unit.trace()) : firstLine(unit.trace());
				out.printf("    %s%n", trace.replace("\n", "\n    "));
			}
		}
	}

	private static String whole(String trace) {
		return (trace != null) ? trace.stripTrailing() : "(Connect gave no trace)";
	}

	private static String firstLine(String trace) {
		if (trace == null) {
			return "(Connect gave no trace)";
		}
		int end = trace.indexOf('\n');
		return (end >= 0) ? trace.substring(0, end) : trace;
	}

}
