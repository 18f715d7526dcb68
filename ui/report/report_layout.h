// SPDX-License-Identifier: MIT
#pragma once

#include "ui/plots/qcustomplot_include.h"

#include <QList>
#include <QRectF>
#include <QString>
#include <QStringList>

class QPdfWriter;

namespace lada::ui {

/**
 * Lays out a report top to bottom on the pages of a QPdfWriter: headings, wrapped paragraphs, tables that
 * continue on the next page with their header, and reserved blocks for plots and pictures. Coordinates
 * are device pixels at kReportDpi, so a plot drawn at its on-screen size keeps its on-screen fonts. GUI
 * thread (the painter is a QCPPainter, so plots can draw into it).
 */
class ReportLayout {
public:
    static constexpr int kReportDpi = 96;

    /** Begins painting on `writer` (A4, no printer margins); isActive() says whether that worked. */
    explicit ReportLayout(QPdfWriter& writer);
    ~ReportLayout();
    ReportLayout(const ReportLayout&) = delete;
    ReportLayout& operator=(const ReportLayout&) = delete;

    bool isActive() const;
    QCPPainter& painter() { return m_painter; }
    /** The printable area of a page (inside the margins). */
    QRectF contentRect() const { return m_content; }
    qreal remaining() const { return m_content.bottom() - m_y; }
    int pageCount() const { return m_pages; }

    void newPage();
    /** Starts a new page unless `height` pixels are left on this one. */
    void ensureSpace(qreal height);
    /** Reserves a block of `height` pixels across the content width and returns it (a new page first if needed). */
    QRectF take(qreal height);
    void skip(qreal height) { m_y += height; }

    void title(const QString& text);
    void heading(const QString& text);
    /** A paragraph wrapped to the content width; `grey` for notes. */
    void paragraph(const QString& text, bool grey = false);
    /**
     * A table with a bold header row; `shares` are the columns' parts of the width (they sum to 1).
     * Rows that do not fit continue on the next page under a repeated header; long cells are elided.
     */
    void table(const QStringList& header, const QList<QStringList>& rows, const QList<qreal>& shares);
    /** Ends the document; returns false when the painter failed. */
    bool finish();

private:
    void drawPageNumber();

    QPdfWriter& m_writer;
    QCPPainter m_painter;
    QRectF m_content;
    qreal m_y = 0;
    int m_pages = 1;
};

/** Draws `plot` into `rect` of the layout's painter at the rect's size, as vector graphics. */
void drawPlot(QCustomPlot& plot, ReportLayout& layout, const QRectF& rect);

}  // namespace lada::ui
