package dev.cookiewarden;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import java.net.MalformedURLException;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drop-in registration: when the web application has {@code /WEB-INF/cookie-warden.properties}
 * (or {@code cookie-warden.properties} on its class path), registers {@link CookieWardenFilter}
 * for {@code /*}, every dispatcher type and async, ahead of the filters declared in
 * {@code web.xml}. Nothing happens when the application registers the filter itself, or when the
 * context-param {@value #AUTO_REGISTER_PARAM} is {@code false}.
 */
public final class CookieWardenInitializer implements ServletContainerInitializer {
    /** The context-param that turns drop-in registration off ({@code false}); default {@code true}. */
    public static final String AUTO_REGISTER_PARAM = "cookie-warden.auto-register";
    /** The name the filter is registered under. */
    public static final String FILTER_NAME = "cookieWarden";

    private static final Logger LOG = LoggerFactory.getLogger(CookieWardenInitializer.class);

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) throws ServletException {
        String flag = context.getInitParameter(AUTO_REGISTER_PARAM);
        if (flag != null && !flag.strip().equals("true") && !flag.strip().equals("false")) {
            // A ServletException fails this application only; Tomcat lets anything else stop
            // the whole container.
            throw new ServletException("The value [" + flag + "] of context-param [" + AUTO_REGISTER_PARAM
                    + "] is not valid: expected true or false");
        }
        if ("false".equals(flag == null ? null : flag.strip())) {
            return;
        }
        if (!configPresent(context) || alreadyRegistered(context)) {
            return;
        }
        FilterRegistration.Dynamic registration = context.addFilter(FILTER_NAME, CookieWardenFilter.class);
        if (registration == null) {
            // Another filter already has our name: registering under a different one would
            // surprise, and staying silent would leave the site unprotected. Fail closed.
            throw new ServletException("Cookie Warden cannot register itself: the application already has a filter named ["
                    + FILTER_NAME + "] of class [" + context.getFilterRegistration(FILTER_NAME).getClassName()
                    + "]; rename it, register Cookie Warden in web.xml, or set the context-param ["
                    + AUTO_REGISTER_PARAM + "] to false");
        }
        registration.setAsyncSupported(true);
        // isMatchAfter=false: ahead of every filter declared in web.xml, so that none of them can
        // write a cookie the filter does not see.
        registration.addMappingForUrlPatterns(EnumSet.allOf(DispatcherType.class), false, "/*");
        LOG.debug("Cookie Warden registered itself as [{}] for /*", FILTER_NAME);
    }

    private static boolean configPresent(ServletContext context) {
        try {
            if (context.getResource(CookieWardenFilter.DEFAULT_CONFIG_PATH) != null) {
                return true;
            }
        } catch (MalformedURLException e) {
            return false;
        }
        return context.getClassLoader() != null
                && context.getClassLoader().getResource(CookieWardenFilter.DEFAULT_CONFIG_RESOURCE) != null;
    }

    private static boolean alreadyRegistered(ServletContext context) {
        for (Map.Entry<String, ? extends FilterRegistration> e : context.getFilterRegistrations().entrySet()) {
            if (CookieWardenFilter.class.getName().equals(e.getValue().getClassName())) {
                return true;
            }
        }
        return false;
    }
}
