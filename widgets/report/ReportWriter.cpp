#include "report/ReportWriter.h"

#include "common/Errors.h"
#include "common/Files.h"
#include "report/ReportSections.h"

#include <QBuffer>
#include <QFile>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>

namespace pointq::report {

namespace {

struct RenderResult {
    int pages = 0;
    std::vector<TocEntry> toc;
};

RenderResult renderPages(const ReportContent& content, QIODevice& device, const std::vector<TocEntry>& toc, int totalPages)
{
    QPdfWriter writer(&device);
    writer.setPageSize(QPageSize(QPageSize::A4));
    writer.setPageMargins(QMarginsF(0, 0, 0, 0));
    writer.setResolution(72);
    writer.setTitle(QString::fromStdString(content.title));
    writer.setCreator(QStringLiteral("PointQ"));
    QPainter painter;
    if (!painter.begin(&writer))
        throw Error("could not start a PDF page");
    painter.setRenderHint(QPainter::Antialiasing);

    const QString header = QString::fromStdString(content.title) + QStringLiteral(" - ")
                           + QString::fromStdString(content.hasQuantize ? content.quantize.settings.configPath
                                                                        : content.sensitivity.provenance.configPath);
    PageLayout layout(painter, writer, header, totalPages);
    sections::titlePage(layout, content);
    layout.newPage();
    sections::contents(layout, toc);
    layout.newPage();
    sections::summary(layout, content);
    sections::charts(layout, content);
    layout.newPage();
    sections::sensitivity(layout, content);
    layout.newPage();
    sections::histograms(layout, content);
    layout.newPage();
    sections::snapshots(layout, content);
    sections::skipSet(layout, content);
    sections::dataFiles(layout, content);
    RenderResult result{layout.page(), layout.toc()};
    painter.end();
    return result;
}

} // namespace

ReportWriter::ReportWriter(ReportContent content) : m_content(std::move(content)) {}

int ReportWriter::render(QIODevice& device) const
{
    // The first pass finds the page of every heading for the table of contents on page 2;
    // the contents page has a fixed place, so the second pass lays out the same pages.
    QBuffer firstPass;
    firstPass.open(QIODevice::WriteOnly);
    const RenderResult layout = renderPages(m_content, firstPass, {}, 0);
    return renderPages(m_content, device, layout.toc, layout.pages).pages;
}

int ReportWriter::writePdf(const std::string& path) const
{
    int pages = 0;
    writeFileAtomically(path, [this, &pages](const std::string& temporaryPath) {
        QFile file(QString::fromStdString(temporaryPath));
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            throw Error("cannot write the PDF report: " + file.errorString().toStdString(), temporaryPath);
        pages = render(file);
        file.close();
        if (file.error() != QFileDevice::NoError)
            throw Error("cannot write the PDF report: " + file.errorString().toStdString(), temporaryPath);
    });
    return pages;
}

QStringList ReportWriter::sectionTitles() const
{
    QStringList titles;
    for (int i = 0; i < sections::titleCount; ++i)
        titles << QString::fromLatin1(sections::titles[i]);
    return titles;
}

} // namespace pointq::report
