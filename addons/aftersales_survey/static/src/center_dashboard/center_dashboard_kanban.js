import { registry } from "@web/core/registry";
import { kanbanView } from "@web/views/kanban/kanban_view";
import { KanbanRenderer } from "@web/views/kanban/kanban_renderer";

import { CompanyFigures } from "./company_figures";

export class CenterDashboardKanbanRenderer extends KanbanRenderer {
    static template = "aftersales_survey.CenterDashboardKanbanRenderer";
    static components = { ...KanbanRenderer.components, CompanyFigures };
}

export const centerDashboardKanbanView = {
    ...kanbanView,
    Renderer: CenterDashboardKanbanRenderer,
};

registry.category("views").add("aftersales_center_dashboard_kanban", centerDashboardKanbanView);
