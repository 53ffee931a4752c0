import com.adobe.epubcheck.api.EpubCheck;
import com.adobe.epubcheck.reporting.CheckingReport;
import java.io.File;
import java.io.PrintWriter;

/**
 * EPUBCheck on many EPUBs in one JVM, each report written as the command line's --json would write it.
 * Arguments: pairs of (EPUB, report path). Run by build_tools/check.py with Java's source launcher:
 * starting a JVM costs more than checking one of our books, so one JVM checks half of them.
 */
public class EpubCheckBatch {
    public static void main(String[] args) throws Exception {
        for (int i = 0; i + 1 < args.length; i += 2) {
            try (PrintWriter out = new PrintWriter(args[i + 1], "UTF-8")) {
                CheckingReport report = new CheckingReport(out, args[i]);
                report.initialize();
                new EpubCheck(new File(args[i]), report).doValidate();
                report.generate();
            }
        }
    }
}
