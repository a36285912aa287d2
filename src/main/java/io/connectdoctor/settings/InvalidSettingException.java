package io.connectdoctor.settings;

/**
 * A setting with a value connect-doctor cannot work with. Stops start-up with one line
 * naming the setting (see {@link InvalidSettingFailureAnalyzer}); the message never holds
 * a password.
 *
 * @author connect-doctor
 */
public class InvalidSettingException extends RuntimeException {

	private final String setting;

	/**
	 * Create a new instance.
	 * @param setting the property or environment variable at fault
	 * @param problem what is wrong with its value, without the value if it may be secret
	 */
	public InvalidSettingException(String setting, String problem) {
		this(setting, problem, null);
	}

	/**
	 * Create a new instance.
	 * @param setting the property or environment variable at fault
	 * @param problem what is wrong with its value, without the value if it may be secret
	 * @param cause the underlying failure
	 */
	public InvalidSettingException(String setting, String problem, Throwable cause) {
		super("Invalid setting " + setting + ": " + problem, cause);
		this.setting = setting;
	}

	/**
	 * Return the property or environment variable at fault.
	 * @return the setting's name
	 */
	public String setting() {
		return this.setting;
	}

}
