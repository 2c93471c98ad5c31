package io.automators.connectors.api;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The connector marketplace page, static files of the jar (classpath:/static/marketplace/). Spring
 * serves /marketplace/index.html by itself but neither /marketplace nor /marketplace/: both are
 * forwarded to the page (its assets are linked by absolute paths, so no redirect is needed). The page
 * talks to /api/v1 with the workspace key the user pastes; its headers keep it from running any
 * script but its own, from being framed and from leaking its URL.
 */
@Configuration
public class MarketplacePage implements WebMvcConfigurer {

    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data: https:; script-src 'self';"
            + " style-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addViewController("/marketplace").setViewName("forward:/marketplace/index.html");
        registry.addViewController("/marketplace/").setViewName("forward:/marketplace/index.html");
    }

    @Bean
    FilterRegistrationBean<Filter> marketplaceHeaders() {
        Filter headers = (request, response, chain) -> {
            HttpServletResponse http = (HttpServletResponse) response;
            http.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
            http.setHeader("Referrer-Policy", "no-referrer");
            http.setHeader("X-Content-Type-Options", "nosniff");
            http.setHeader("X-Frame-Options", "DENY");
            http.setHeader("Cache-Control", "no-cache");
            chain.doFilter(request, response);
        };
        FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(headers);
        registration.addUrlPatterns("/marketplace", "/marketplace/*");
        registration.setName("marketplaceHeaders");
        return registration;
    }
}
