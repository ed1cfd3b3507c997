#pragma once

// The sections of the PDF report, each drawn from the report content onto the flowing
// page layout. Used by ReportWriter only.

#include "report/PageLayout.h"
#include "report/ReportContent.h"

namespace pointq::report::sections {

void titlePage(PageLayout& layout, const ReportContent& content);
void contents(PageLayout& layout, const std::vector<TocEntry>& toc);
void summary(PageLayout& layout, const ReportContent& content);
void charts(PageLayout& layout, const ReportContent& content);
void sensitivity(PageLayout& layout, const ReportContent& content);
void histograms(PageLayout& layout, const ReportContent& content);
void snapshots(PageLayout& layout, const ReportContent& content);
void skipSet(PageLayout& layout, const ReportContent& content);
void dataFiles(PageLayout& layout, const ReportContent& content);

/// Headings of the numbered sections, in order.
extern const char* const titles[];
extern const int titleCount;

/// "%.2f" with a fixed number of decimals, as the tests read it back.
QString fixed(double value, int decimals = 2);
/// The same with a leading + on values that are not negative, for changes such as an
/// accuracy difference, so that a gain does not read like a loss.
QString signedFixed(double value, int decimals = 2);

} // namespace pointq::report::sections
