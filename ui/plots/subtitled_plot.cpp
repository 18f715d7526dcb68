// SPDX-License-Identifier: MIT
#include "ui/plots/subtitled_plot.h"

#include <algorithm>

namespace lada::ui {

SubtitledPlot::SubtitledPlot(const QString& title, QWidget* parent)
    : PlotBase(title, parent)
{
    setLegendPlace(LegendPlace::Right);
    legend->setFont(QFont(font().family(), 8));
    // An empty QCPTextElement keeps its row one line high, so the row comes only with the first text.
    m_subtitle = new QCPTextElement(this, QString(), QFont(font().family(), 8, -1, true));
    m_subtitle->setTextColor(QColor(90, 90, 90));
    m_subtitle->setVisible(false);
}

SubtitledPlot::~SubtitledPlot()
{
    if (!m_subtitle->layout())
        delete m_subtitle;  // never shown, so in no layout that would delete it
}

void SubtitledPlot::setSubtitle(const QString& text)
{
    m_fullSubtitle = text;
    showUnderTitle(m_subtitle, !text.isEmpty());
    fitSubtitle();
    requestReplot();
}

void SubtitledPlot::resizeEvent(QResizeEvent* event)
{
    fitSubtitle();
    PlotBase::resizeEvent(event);
}

void SubtitledPlot::fitSubtitle()
{
    // The legend's size hint holds before any layout pass (a plot saved without being shown has had none).
    int available = width() - 16;
    if (legend->visible())
        available -= legend->minimumOuterSizeHint().width();
    const QString shown =
        QFontMetrics(m_subtitle->font()).elidedText(m_fullSubtitle, Qt::ElideRight, std::max(40, available));
    m_subtitle->setText(shown);
}

QStringList SubtitledPlot::legendNames() const
{
    QStringList names;
    for (int i = 0; i < legend->itemCount(); ++i) {
        if (auto* item = qobject_cast<QCPPlottableLegendItem*>(legend->item(i)))
            names << item->plottable()->name();
    }
    return names;
}

}  // namespace lada::ui
