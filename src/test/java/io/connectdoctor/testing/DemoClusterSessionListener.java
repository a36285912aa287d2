package io.connectdoctor.testing;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Stops the shared Connect cluster when the test session ends, while the JVM is still
 * fully alive, so the workers' own shutdown hooks find nothing left to do.
 *
 * @author connect-doctor
 */
public final class DemoClusterSessionListener implements LauncherSessionListener {

	@Override
	public void launcherSessionClosed(LauncherSession session) {
		DemoCluster.stopShared();
	}

}
