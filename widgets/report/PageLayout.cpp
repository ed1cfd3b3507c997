#include "report/PageLayout.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QPdfWriter>

namespace pointq::report {

namespace {

// A4 is 595 x 842 points.
constexpr double pageWidth = 595.0;
constexpr double pageHeight = 842.0;
constexpr double marginLeft = 50.0;
constexpr double marginRight = 45.0;
constexpr double marginTop = 62.0;
constexpr double marginBottom = 58.0;
constexpr double cellPadding = 3.0;

} // namespace

PageLayout::PageLayout(QPainter& painter, QPdfWriter& writer, const QString& headerText, int totalPages)
    : m_painter(painter), m_writer(writer), m_headerText(headerText), m_totalPages(totalPages)
{
    m_y = marginTop;
    drawPageFrame();
}

QFont PageLayout::bodyFont(double pointSize, bool bold)
{
    QFont font(QStringLiteral("DejaVu Sans"));
    font.setPointSizeF(pointSize);
    font.setBold(bold);
    // Without shaping, Latin text gets no ligatures, so "fi" stays two letters that
    // text extraction and search find.
    font.setStyleStrategy(QFont::PreferNoShaping);
    return font;
}

QFont PageLayout::monoFont(double pointSize)
{
    QFont font(QStringLiteral("DejaVu Sans Mono"));
    font.setStyleHint(QFont::Monospace);
    font.setPointSizeF(pointSize);
    font.setStyleStrategy(QFont::PreferNoShaping);
    return font;
}

QRectF PageLayout::body() const
{
    return QRectF(marginLeft, marginTop, pageWidth - marginLeft - marginRight, pageHeight - marginTop - marginBottom);
}

void PageLayout::newPage()
{
    m_writer.newPage();
    ++m_page;
    m_y = marginTop;
    drawPageFrame();
}

void PageLayout::ensureSpace(double height)
{
    if (m_y + height > body().bottom() && m_y > marginTop + 1.0)
        newPage();
}

QRectF PageLayout::reserve(double height)
{
    ensureSpace(height);
    const QRectF area(body().left(), m_y, width(), height);
    m_y += height;
    return area;
}

void PageLayout::heading(const QString& text, int level)
{
    const QFont font = bodyFont(level == 0 ? 14.0 : 11.0, true);
    const double height = QFontMetricsF(font, &m_writer).height();
    // Keep a heading with at least a few lines of what follows it.
    ensureSpace(height + 80.0);
    if (m_y > marginTop + 1.0)
        m_y += level == 0 ? 10.0 : 6.0;
    m_painter.setFont(font);
    m_painter.setPen(Qt::black);
    m_painter.drawText(QRectF(body().left(), m_y, width(), height), Qt::AlignLeft | Qt::AlignVCenter, text);
    m_y += height + 4.0;
    if (level == 0) {
        m_painter.setPen(QPen(QColor(60, 90, 150), 0.8));
        m_painter.drawLine(QPointF(body().left(), m_y - 2.0), QPointF(body().right(), m_y - 2.0));
        m_y += 3.0;
    }
    m_toc.push_back(TocEntry{text, level, m_page});
}

void PageLayout::paragraph(const QString& text, const QFont& font)
{
    const QFontMetricsF metrics(font, &m_writer);
    const QRectF bounds = metrics.boundingRect(QRectF(0, 0, width(), 10000.0), Qt::TextWordWrap, text);
    // A paragraph taller than half a page is laid out line by line, so it can break across pages.
    if (bounds.height() > body().height() / 2) {
        for (const QString& line : text.split(QLatin1Char('\n')))
            paragraph(line, font);
        return;
    }
    ensureSpace(bounds.height());
    m_painter.setFont(font);
    m_painter.setPen(Qt::black);
    m_painter.drawText(QRectF(body().left(), m_y, width(), bounds.height() + 1.0), Qt::TextWordWrap, text);
    m_y += bounds.height() + 4.0;
}

double PageLayout::rowHeight(const TextTable& table, const QStringList& cells, const QFont& font) const
{
    const QFontMetricsF metrics(font, &m_writer);
    double height = metrics.height();
    for (int column = 0; column < cells.size() && column < static_cast<int>(table.widths.size()); ++column) {
        const double cellWidth = table.widths[column] * width() - 2 * cellPadding;
        const QRectF bounds = metrics.boundingRect(QRectF(0, 0, cellWidth, 1000.0), Qt::TextWordWrap, cells[column]);
        height = std::max(height, bounds.height());
    }
    return height + 2 * cellPadding;
}

void PageLayout::drawRow(const TextTable& table, const QStringList& cells, const QFont& font, double height, bool shaded)
{
    const QRectF row(body().left(), m_y, width(), height);
    if (shaded)
        m_painter.fillRect(row, QColor(238, 242, 248));
    m_painter.setFont(font);
    m_painter.setPen(Qt::black);
    double x = body().left();
    for (int column = 0; column < static_cast<int>(table.widths.size()); ++column) {
        const double cellWidth = table.widths[column] * width();
        if (column < cells.size()) {
            const bool right = column < static_cast<int>(table.alignRight.size()) && table.alignRight[column];
            const QRectF cell(x + cellPadding, m_y + cellPadding, cellWidth - 2 * cellPadding, height - 2 * cellPadding);
            m_painter.drawText(cell, (right ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignTop | Qt::TextWordWrap,
                               cells[column]);
        }
        x += cellWidth;
    }
    m_y += height;
}

void PageLayout::table(const TextTable& table, double fontSize)
{
    const QFont headerFont = bodyFont(fontSize, true);
    const QFont cellFont = bodyFont(fontSize);
    const double headerHeight = rowHeight(table, table.header, headerFont);
    ensureSpace(headerHeight * 3);
    auto drawHeader = [&] {
        drawRow(table, table.header, headerFont, headerHeight, false);
        m_painter.setPen(QPen(Qt::black, 0.6));
        m_painter.drawLine(QPointF(body().left(), m_y), QPointF(body().right(), m_y));
    };
    drawHeader();
    for (size_t i = 0; i < table.rows.size(); ++i) {
        const double height = rowHeight(table, table.rows[i], cellFont);
        if (m_y + height > body().bottom()) {
            newPage();
            drawHeader();
        }
        drawRow(table, table.rows[i], cellFont, height, i % 2 == 1);
    }
    m_painter.setPen(QPen(Qt::black, 0.6));
    m_painter.drawLine(QPointF(body().left(), m_y), QPointF(body().right(), m_y));
    m_y += 8.0;
}

void PageLayout::drawPageFrame()
{
    const QFont font = bodyFont(7.5);
    m_painter.setFont(font);
    m_painter.setPen(QColor(90, 90, 90));
    const QRectF header(marginLeft, 28.0, pageWidth - marginLeft - marginRight, 14.0);
    m_painter.drawText(header, Qt::AlignLeft | Qt::AlignVCenter, m_headerText);
    m_painter.setPen(QPen(QColor(150, 150, 150), 0.5));
    m_painter.drawLine(QPointF(header.left(), header.bottom() + 2.0), QPointF(header.right(), header.bottom() + 2.0));

    const QRectF footer(marginLeft, pageHeight - 38.0, pageWidth - marginLeft - marginRight, 14.0);
    const QString number = m_totalPages > 0 ? QStringLiteral("Page %1 of %2").arg(m_page).arg(m_totalPages)
                                            : QStringLiteral("Page %1").arg(m_page);
    m_painter.setPen(QColor(90, 90, 90));
    m_painter.drawText(footer, Qt::AlignHCenter | Qt::AlignVCenter, number);
}

} // namespace pointq::report
