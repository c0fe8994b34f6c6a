"""The home page's contents, composed from the apps' ``workbench`` modules in layering order
(see :mod:`orgs.workbench` for what each contributes). A new app, or a new capability of an app,
adds its to-dos, figures and links in its own module; this list is the only place that names
them."""

from dataclasses import dataclass
from types import ModuleType

from django.http import HttpRequest

from liaison import workbench as liaison_workbench
from members import workbench as members_workbench
from merchants import workbench as merchants_workbench
from orgs import workbench as orgs_workbench
from orgs.workbench import Figure, Link, Todo

CONTRIBUTORS: tuple[ModuleType, ...] = (
    orgs_workbench,
    members_workbench,
    merchants_workbench,
    liaison_workbench,
)


@dataclass(frozen=True)
class Workbench:
    """What the home page shows one user: to-dos waiting (count > 0), then the rest; the key
    figures; links to the apps' own overview pages."""

    todos: list[Todo]
    figures: list[Figure]
    links: list[Link]

    @property
    def pending(self) -> list[Todo]:
        """To-dos with something waiting, the late ones first."""
        waiting = [todo for todo in self.todos if todo.count]
        return sorted(waiting, key=lambda todo: not todo.urgent)

    @property
    def clear(self) -> list[Todo]:
        return [todo for todo in self.todos if not todo.count]


def workbench(request: HttpRequest) -> Workbench:
    todos: list[Todo] = []
    figures: list[Figure] = []
    links: list[Link] = []
    for contributor in CONTRIBUTORS:
        todos += contributor.todos(request)
        figures += contributor.figures(request)
        links += contributor.links(request)
    return Workbench(todos=todos, figures=figures, links=links)
