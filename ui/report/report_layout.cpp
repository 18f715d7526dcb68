// SPDX-License-Identifier: MIT
#include "ui/report/report_layout.h"

#include <QFontMetricsF>
#include <QPageLayout>
#include <QPdfWriter>

namespace lada::ui {

namespace {

constexpr qreal kMargin = 48;  // half an inch at 96 dpi
constexpr qreal kRowPadding = 3;

QFont font(qreal points, bool bold = false)
{
    QFont f(QStringLiteral("DejaVu Sans"));
    f.setPointSizeF(points);
    f.setBold(bold);
    return f;
}

}  // namespace

ReportLayout::ReportLayout(QPdfWriter& writer)
    : m_writer(writer)
{
    writer.setResolution(kReportDpi);
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Portrait, QMarginsF(0, 0, 0, 0)));
    if (!m_painter.begin(&writer))
        return;
    m_painter.setMode(QCPPainter::pmVectorized);
    m_painter.setMode(QCPPainter::pmNoCaching);
    m_content = QRectF(kMargin, kMargin, writer.width() - 2 * kMargin, writer.height() - 2 * kMargin - 16);
    m_y = m_content.top();
}

ReportLayout::~ReportLayout()
{
    if (m_painter.isActive())
        m_painter.end();
}

bool ReportLayout::isActive() const
{
    return m_painter.isActive();
}

void ReportLayout::drawPageNumber()
{
    m_painter.save();
    m_painter.setFont(font(8));
    m_painter.setPen(Qt::gray);
    const QRectF footer(m_content.left(), m_content.bottom() + 4, m_content.width(), 16);
    m_painter.drawText(footer, Qt::AlignRight | Qt::AlignVCenter, QStringLiteral("page %1").arg(m_pages));
    m_painter.restore();
}

void ReportLayout::newPage()
{
    drawPageNumber();
    m_writer.newPage();
    ++m_pages;
    m_y = m_content.top();
}

void ReportLayout::ensureSpace(qreal height)
{
    if (m_y + height > m_content.bottom() && m_y > m_content.top())
        newPage();
}

QRectF ReportLayout::take(qreal height)
{
    ensureSpace(height);
    const QRectF block(m_content.left(), m_y, m_content.width(), height);
    m_y += height;
    return block;
}

void ReportLayout::title(const QString& text)
{
    m_painter.setFont(font(20, true));
    m_painter.setPen(Qt::black);
    const QRectF box =
        m_painter.boundingRect(QRectF(m_content.left(), m_y, m_content.width(), 1000), Qt::TextWordWrap, text);
    m_painter.drawText(take(box.height() + 8), Qt::TextWordWrap, text);
}

void ReportLayout::heading(const QString& text)
{
    m_painter.setFont(font(13, true));
    const qreal h = QFontMetricsF(m_painter.font(), &m_writer).height();
    ensureSpace(h * 5);  // never a heading alone at the bottom of a page
    m_y += 10;
    m_painter.setPen(Qt::black);
    m_painter.drawText(take(h + 6), Qt::AlignLeft | Qt::AlignTop, text);
}

void ReportLayout::paragraph(const QString& text, bool grey)
{
    m_painter.setFont(font(9.5));
    m_painter.setPen(grey ? QColor(Qt::darkGray) : QColor(Qt::black));
    const QRectF box =
        m_painter.boundingRect(QRectF(m_content.left(), m_y, m_content.width(), 10000), Qt::TextWordWrap, text);
    m_painter.drawText(take(box.height() + 4), Qt::TextWordWrap, text);
}

void ReportLayout::table(const QStringList& header, const QList<QStringList>& rows, const QList<qreal>& shares)
{
    const QFont bodyFont = font(9);
    const QFont headFont = font(9, true);
    const qreal rowHeight = QFontMetricsF(bodyFont, &m_writer).height() + 2 * kRowPadding;
    const auto drawRow = [&](const QStringList& cells, bool isHeader) {
        const QRectF row = take(rowHeight);
        m_painter.setFont(isHeader ? headFont : bodyFont);
        if (isHeader)
            m_painter.fillRect(row, QColor(0xe8, 0xe8, 0xe8));
        m_painter.setPen(Qt::black);
        const QFontMetricsF metrics(m_painter.font(), &m_writer);
        qreal x = row.left();
        for (int c = 0; c < shares.size(); ++c) {
            const qreal w = shares[c] * row.width();
            const QString cell = c < cells.size() ? cells[c] : QString();
            const QRectF box(x + 4, row.top(), w - 8, row.height());
            m_painter.drawText(box, Qt::AlignLeft | Qt::AlignVCenter,
                               metrics.elidedText(cell, Qt::ElideMiddle, box.width()));
            x += w;
        }
        m_painter.setPen(QPen(QColor(0xcc, 0xcc, 0xcc), 0.5));
        m_painter.drawLine(row.bottomLeft(), row.bottomRight());
    };
    ensureSpace(rowHeight * std::min<qsizetype>(3, rows.size() + 1));
    drawRow(header, true);
    for (const QStringList& r : rows) {
        if (m_y + rowHeight > m_content.bottom()) {
            newPage();
            drawRow(header, true);
        }
        drawRow(r, false);
    }
    m_y += 6;
}

bool ReportLayout::finish()
{
    if (!m_painter.isActive())
        return false;
    drawPageNumber();
    return m_painter.end();
}

void drawPlot(QCustomPlot& plot, ReportLayout& layout, const QRectF& rect)
{
    QCPPainter& painter = layout.painter();
    painter.save();
    painter.translate(rect.topLeft());
    // toPainter lays the plot out for this size and draws every layer; the widget is never shown.
    plot.toPainter(&painter, qRound(rect.width()), qRound(rect.height()));
    painter.restore();
}

}  // namespace lada::ui
