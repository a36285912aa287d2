package io.connectdoctor.settings;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;

/**
 * Turns an {@link InvalidSettingException} anywhere in a start-up failure into one line
 * that names the setting, instead of a stack trace.
 *
 * @author connect-doctor
 */
final class InvalidSettingFailureAnalyzer extends AbstractFailureAnalyzer<InvalidSettingException> implements Ordered {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidSettingException cause) {
		return new FailureAnalysis(cause.getMessage(),
				"Correct " + cause.setting() + " and start again; docs/configuration.md lists every setting.", cause);
	}

	@Override
	public int getOrder() {
		// Before Boot's own bind analyzers, which would report the wrapping
		// BindException.
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
