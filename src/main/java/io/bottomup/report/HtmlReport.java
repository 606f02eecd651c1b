package io.bottomup.report;

import freemarker.cache.ClassTemplateLoader;
import freemarker.cache.FileTemplateLoader;
import freemarker.cache.MultiTemplateLoader;
import freemarker.cache.TemplateLoader;
import freemarker.template.Configuration;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Renders {@code learning-culture-report.html} from {@code templates/learning-culture-report.ftlh}.
 * The {@code .ftlh} extension turns on FreeMarker's HTML auto-escaping, so every value from the data
 * is escaped; only the SVG our own code drew (already escaped) is inserted with {@code ?no_esc}.
 * A {@code templates/} folder in the working directory (where L&D restyle it) wins over the copy
 * bundled in the jar.
 */
public final class HtmlReport {
  public static final String TEMPLATE = "learning-culture-report.ftlh";
  public static final String FILE_NAME = "learning-culture-report.html";
  public static final String TEMPLATES_DIR = "templates";

  private final Configuration freemarker;
  private final String templateName;

  public HtmlReport(File templatesDir) {
    this(templatesDir, null);
  }

  /**
   * @param templatesDir a folder whose templates win over the bundled ones (if it exists)
   * @param templateFile a template file to use instead ({@code report.html_template}), or null
   */
  public HtmlReport(File templatesDir, String templateFile) {
    File chosen = templateFile == null ? null : new File(templateFile);
    if (chosen != null && !chosen.isFile()) {
      throw io.bottomup.BottomupException.refused("configuration key 'report.html_template': template file " + templateFile
          + " does not exist");
    }
    templateName = chosen == null ? TEMPLATE : chosen.getName();
    if (chosen != null) {
      templatesDir = chosen.getAbsoluteFile().getParentFile();
    }
    freemarker = new Configuration(Configuration.VERSION_2_3_34);
    freemarker.setDefaultEncoding("UTF-8");
    freemarker.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
    freemarker.setLogTemplateExceptions(false);
    freemarker.setFallbackOnNullLoopVariable(false);
    try {
      TemplateLoader bundled = new ClassTemplateLoader(HtmlReport.class, "/" + TEMPLATES_DIR);
      freemarker.setTemplateLoader(templatesDir != null && templatesDir.isDirectory()
          ? new MultiTemplateLoader(new TemplateLoader[] {new FileTemplateLoader(templatesDir), bundled})
          : bundled);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** This report with its template read and parsed (FreeMarker keeps it), so that {@link #render} only fills it in. */
  public HtmlReport parsed() {
    try {
      freemarker.getTemplate(templateName);
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read template " + templateName, e);
    }
  }

  public String render(Map<String, Object> model) {
    try {
      StringWriter out = new StringWriter();
      freemarker.getTemplate(templateName).process(model, out);
      return out.toString();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read template " + templateName, e);
    } catch (TemplateException e) {
      throw new IllegalStateException("template " + templateName + " failed: " + e.getMessage(), e);
    }
  }
}
