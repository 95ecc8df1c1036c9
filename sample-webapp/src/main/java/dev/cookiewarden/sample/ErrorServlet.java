package dev.cookiewarden.sample;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The shop's error page, the target of {@code <error-page>} in web.xml. It is reached through an
 * ERROR dispatch, which passes through Cookie Warden like any other; the message it repeats may
 * carry what the visitor typed in the address, so it is escaped like everything else.
 */
public final class ErrorServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (request.getDispatcherType() != DispatcherType.ERROR) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i ? i : HttpServletResponse.SC_INTERNAL_SERVER_ERROR;
        Object message = request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
        String title = switch (status) {
            case 400 -> "That request was not quite right";
            case 403 -> "Not allowed";
            case 404 -> "Page not found";
            case 405 -> "Method not allowed";
            default -> "Something went wrong";
        };
        String cp = request.getContextPath();
        StringBuilder sb = new StringBuilder(512);
        sb.append("<section class=\"error\">\n<p class=\"status\">Error ").append(status).append("</p>\n")
          .append("<h1>").append(Html.escape(title)).append("</h1>\n");
        if (message instanceof String m && !m.isBlank()) {
            sb.append("<p>").append(Html.escape(m)).append("</p>\n");
        }
        sb.append("<p><a href=\"").append(Html.escape(cp + "/")).append("\">Back to our teas</a></p>\n</section>\n");
        response.setStatus(status);
        Layout.write(request, response, Layout.Page.of(title, "/", sb.toString()));
    }
}
