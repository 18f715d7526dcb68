// SPDX-License-Identifier: MIT
#include "ui/plots/plot_base.h"

#include <algorithm>

#include <QFileDialog>
#include <QMenu>

namespace lada::ui {

PlotBase::PlotBase(const QString& title, QWidget* parent)
    : QCustomPlot(parent)
{
    plotLayout()->insertRow(0);
    m_title = new QCPTextElement(this, title, QFont(font().family(), 10, QFont::Bold));
    plotLayout()->addElement(0, 0, m_title);
    setMinimumSize(260, 190);
    setToolTip(tr("Right-click to save as PNG or PDF"));
    legend->setFont(QFont(font().family(), 7));
    legend->setBrush(Qt::NoBrush);
    legend->setBorderPen(Qt::NoPen);
    // Out of the axis rect's inset (where it would cover points) and out of the layout until there is data.
    axisRect()->insetLayout()->take(legend);
    axisRect()->insetLayout()->simplify();
    setLegendPlace(LegendPlace::Below);
}

PlotBase::~PlotBase()
{
    // A hidden legend's box is in no layout, so no layout deletes it; deleting it deletes the legend too,
    // which also clears QCustomPlot::legend.
    if (m_legendBox && !m_legendBox->layout())
        delete m_legendBox;
}

void PlotBase::setDescription(const QString& text)
{
    setToolTip(tr("%1\nRight-click to save as PNG or PDF").arg(text));
}

QString PlotBase::title() const
{
    return m_title->text() == m_shownTitle ? m_fullTitle : m_title->text();
}

void PlotBase::requestReplot()
{
    fitTitle();
    updateLegend();
    replot(QCustomPlot::rpQueuedReplot);
}

void PlotBase::fitTitle()
{
    if (m_title->text() != m_shownTitle)
        m_fullTitle = m_title->text();  // set anew by a subclass
    // The title's cell is the axis rect's column: a legend at the right takes its width from the title too.
    int available = width() - 16;
    if (m_legendPlace == LegendPlace::Right && m_legendBox && m_legendBox->layout())
        available -= m_legendBox->outerRect().width();
    m_shownTitle = QFontMetrics(m_title->font()).elidedText(m_fullTitle, Qt::ElideRight, std::max(40, available));
    m_title->setText(m_shownTitle);
}

void PlotBase::resizeEvent(QResizeEvent* event)
{
    fitTitle();
    QCustomPlot::resizeEvent(event);
}

int PlotBase::axisRectRow() const
{
    for (int row = 0; row < plotLayout()->rowCount(); ++row)
        if (plotLayout()->element(row, 0) == axisRect())
            return row;
    return plotLayout()->rowCount() - 1;
}

void PlotBase::setLegendPlace(LegendPlace place)
{
    m_legendPlace = place;
    if (m_legendBox) {
        if (m_legendBox->layout()) {
            plotLayout()->take(m_legendBox);
            plotLayout()->simplify();
        }
        m_legendBox->take(legend);
        delete m_legendBox;
    }
    // The legend in a box beside empty spacers: a layout cell stretches its element, and a legend stretched
    // over the plot's height or width spreads its entries apart.
    m_legendBox = new QCPLayoutGrid;
    m_legendBox->setRowSpacing(0);
    m_legendBox->setColumnSpacing(0);
    auto spacer = [this] {
        auto* s = new QCPLayoutElement(this);
        s->setAutoMargins(QCP::msNone);
        return s;
    };
    if (place == LegendPlace::Below) {
        legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
        legend->setWrap(m_legendWrap);
        m_legendBox->addElement(0, 0, spacer());
        m_legendBox->addElement(0, 1, legend);
        m_legendBox->addElement(0, 2, spacer());
        m_legendBox->setColumnStretchFactors({1.0, 0.001, 1.0});
    } else {
        legend->setFillOrder(QCPLayoutGrid::foRowsFirst);
        legend->setWrap(0);
        m_legendBox->addElement(0, 0, legend);
        m_legendBox->addElement(1, 0, spacer());
        m_legendBox->setRowStretchFactors({0.001, 1.0});
    }
    legend->setVisible(false);
    updateLegend();
}

void PlotBase::setLegendColumns(int columns)
{
    m_legendWrap = columns;
    if (m_legendPlace == LegendPlace::Below)
        legend->setWrap(columns);
}

void PlotBase::updateLegend()
{
    std::vector<QCPAbstractPlottable*> wanted;
    for (int i = 0; i < plottableCount(); ++i) {
        QCPAbstractPlottable* p = plottable(i);
        if (!p->name().isEmpty() && p->interface1D() && p->interface1D()->dataCount() > 0)
            wanted.push_back(p);
    }
    // Rebuild only on a change, and in plottable order, so the legend reads in the order the plot draws.
    bool same = legend->itemCount() == static_cast<int>(wanted.size());
    for (size_t i = 0; same && i < wanted.size(); ++i)
        same = legend->itemWithPlottable(wanted[i]) == legend->item(static_cast<int>(i));
    if (!same) {
        legend->clearItems();
        for (QCPAbstractPlottable* p : wanted)
            p->addToLegend();
    }
    const bool show = !wanted.empty();
    legend->setVisible(show);
    if (show && !m_legendBox->layout()) {
        const int row = axisRectRow();
        if (m_legendPlace == LegendPlace::Below) {
            plotLayout()->insertRow(row + 1);
            plotLayout()->addElement(row + 1, 0, m_legendBox);
            plotLayout()->setRowStretchFactor(row + 1, 0.001);
        } else {
            plotLayout()->addElement(row, 1, m_legendBox);
            plotLayout()->setColumnStretchFactor(1, 0.001);
        }
    } else if (!show && m_legendBox->layout()) {
        plotLayout()->take(m_legendBox);
        plotLayout()->simplify();
    }
}

bool PlotBase::saveTo(const QString& file)
{
    if (file.endsWith(QLatin1String(".pdf"), Qt::CaseInsensitive))
        return savePdf(file);
    return savePng(file, 0, 0, 2.0);
}

void PlotBase::saveInteractively()
{
    const QString file = QFileDialog::getSaveFileName(this, tr("Save plot"), title() + QStringLiteral(".png"),
                                                      tr("PNG image (*.png);;PDF document (*.pdf)"));
    if (!file.isEmpty())
        saveTo(file);
}

void PlotBase::setNote(const QString& text)
{
    // Items are cleared by some plots (t-SNE); look the note up again rather than keep a stale pointer.
    if (!hasItem(m_note))
        m_note = nullptr;
    if (!m_note) {
        m_note = new QCPItemText(this);
        m_note->position->setType(QCPItemPosition::ptAxisRectRatio);
        m_note->position->setCoords(0.5, 0.5);
        m_note->setColor(QColor(120, 120, 120));
        m_note->setFont(QFont(font().family(), 9, -1, true));
    }
    m_note->setText(text);
    requestReplot();
}

int PlotBase::dataCount()
{
    int n = 0;
    for (int i = 0; i < plottableCount(); ++i) {
        QCPAbstractPlottable* p = plottable(i);
        if (auto* g = qobject_cast<QCPGraph*>(p))
            n += g->dataCount();
        else if (auto* b = qobject_cast<QCPBars*>(p))
            n += b->dataCount();
        else if (auto* c = qobject_cast<QCPCurve*>(p))
            n += c->dataCount();
    }
    return n;
}

void PlotBase::contextMenuEvent(QContextMenuEvent* event)
{
    QMenu menu(this);
    menu.addAction(tr("Save as PNG or PDF…"), this, &PlotBase::saveInteractively);
    menu.exec(event->globalPos());
}

void PlotBase::showUnderTitle(QCPTextElement* row, bool visible)
{
    if (visible && !row->layout()) {
        plotLayout()->insertRow(1);
        plotLayout()->addElement(1, 0, row);
    }
    row->setVisible(visible);
}

}  // namespace lada::ui
