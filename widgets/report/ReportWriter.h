#pragma once

#include "report/ReportContent.h"

#include <QStringList>

#include <string>

class QIODevice;

namespace pointq::report {

/// Renders the PDF report: a title page with the provenance, the table of contents
/// on page 2, then the FP32-vs-INT8 summary, the latency, size and accuracy charts, the
/// sensitivity table and chart, histograms of the most sensitive layers, the error
/// snapshots, the skip set and the data files. Charts are vector paths and all text is
/// real text. A section without data says so. Needs a QGuiApplication for the fonts.
class ReportWriter {
public:
    explicit ReportWriter(ReportContent content);

    /// Writes the PDF to path through a temporary file that is renamed over it only
    /// when complete, and returns the number of pages. Throws Error naming the file
    /// when it cannot be written.
    int writePdf(const std::string& path) const;

    /// Renders the PDF into an open device; returns the number of pages.
    int render(QIODevice& device) const;

    /// The section headings, in the order of the table of contents.
    QStringList sectionTitles() const;

private:
    ReportContent m_content;
};

} // namespace pointq::report
