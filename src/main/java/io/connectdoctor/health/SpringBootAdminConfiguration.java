package io.connectdoctor.health;

import java.util.List;

import de.codecentric.boot.admin.client.config.InstanceProperties;
import de.codecentric.boot.admin.client.registration.ApplicationFactory;
import de.codecentric.boot.admin.client.registration.ServletApplicationFactory;
import de.codecentric.boot.admin.client.registration.metadata.CompositeMetadataContributor;
import de.codecentric.boot.admin.client.registration.metadata.MetadataContributor;
import jakarta.servlet.ServletContext;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointProperties;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementServerProperties;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletPath;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Registration with a Spring Boot Admin server, on only when
 * {@code spring.boot.admin.client.url} is set. The Admin server reads the health group
 * {@code admin} ({@code /actuator/health/admin}): the whole tree, {@code connectTasks}
 * and every connector included, for its details page, with connect-doctor's own status
 * (UP while the doctor itself is live): a failing connector is a DOWN component in the
 * tree, not a DOWN doctor.
 *
 * @author connect-doctor
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "spring.boot.admin.client", name = "url")
class SpringBootAdminConfiguration {

	@Bean
	ApplicationFactory applicationFactory(InstanceProperties instance, ManagementServerProperties management,
			ServerProperties server, ServletContext servletContext, PathMappedEndpoints endpoints,
			WebEndpointProperties webEndpoint, ObjectProvider<List<MetadataContributor>> contributors,
			DispatcherServletPath dispatcherServletPath) {
		return new ServletApplicationFactory(instance, management, server, servletContext, endpoints, webEndpoint,
				new CompositeMetadataContributor(contributors.getIfAvailable(List::of)), dispatcherServletPath) {

			@Override
			protected String getHealthEndpointPath() {
				return super.getHealthEndpointPath() + "/admin";
			}

		};
	}

}
