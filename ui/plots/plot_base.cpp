// SPDX-License-Identifier: MIT
#include "ui/plots/plot_base.h"

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
}

bool PlotBase::saveTo(const QString& file)
{
    if (file.endsWith(QLatin1String(".pdf"), Qt::CaseInsensitive))
        return savePdf(file);
    return savePng(file, 0, 0, 2.0);
}

void PlotBase::saveInteractively()
{
    const QString file = QFileDialog::getSaveFileName(this, tr("Save plot"), m_title->text() + QStringLiteral(".png"),
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

}  // namespace lada::ui
