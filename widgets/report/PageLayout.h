#pragma once

#include <QFont>
#include <QRectF>
#include <QString>
#include <QStringList>

#include <vector>

class QPainter;
class QPdfWriter;

namespace pointq::report {

/// A heading as the table of contents lists it.
struct TocEntry {
    QString text;
    int level = 0; ///< 0 for a section, 1 for a subsection
    int page = 0;  ///< 1-based
};

/// A table of text cells; the first row is the header.
struct TextTable {
    QStringList header;
    std::vector<QStringList> rows;
    std::vector<double> widths;        ///< fractions of the body width, one per column
    std::vector<bool> alignRight;      ///< per column; numbers read best right-aligned
};

/// Flows headings, paragraphs, tables and fixed-height figures down A4 pages of a
/// QPdfWriter at 72 dpi, so one unit is one PostScript point. It draws the running
/// header and the "page N of M" footer, and records the page of every heading.
class PageLayout {
public:
    /// totalPages may be 0 on a first pass that only counts pages.
    PageLayout(QPainter& painter, QPdfWriter& writer, const QString& headerText, int totalPages);

    static QFont bodyFont(double pointSize = 9.0, bool bold = false);
    static QFont monoFont(double pointSize = 8.0);

    QPainter& painter() { return m_painter; }
    QRectF body() const;
    double width() const { return body().width(); }
    int page() const { return m_page; }
    const std::vector<TocEntry>& toc() const { return m_toc; }

    void newPage();
    /// Starts a new page unless `height` points are left on this one.
    void ensureSpace(double height);
    /// Reserves `height` points for a figure and returns where to draw it.
    QRectF reserve(double height);
    void skip(double height) { m_y += height; }

    void heading(const QString& text, int level = 0);
    void paragraph(const QString& text, const QFont& font = bodyFont());
    void table(const TextTable& table, double fontSize = 8.0);

private:
    void drawPageFrame();
    double rowHeight(const TextTable& table, const QStringList& cells, const QFont& font) const;
    void drawRow(const TextTable& table, const QStringList& cells, const QFont& font, double height, bool shaded);

    QPainter& m_painter;
    QPdfWriter& m_writer;
    QString m_headerText;
    int m_totalPages = 0;
    int m_page = 1;
    double m_y = 0.0;
    std::vector<TocEntry> m_toc;
};

} // namespace pointq::report
