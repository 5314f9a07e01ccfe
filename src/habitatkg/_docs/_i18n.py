"""The words the documentation itself writes, in English and Spanish.

Labels, definitions and messages come from the ontology and the shapes; everything else the
pages say (headings, table columns, question titles...) is here, so the Spanish pages say it
in Spanish.

Example:
    >>> UI["classes"]
    ('Classes', 'Clases')
    >>> column_title("schoolLabel", "es")
    'Escuela'
"""

from __future__ import annotations

import re

LANGS = ("en", "es")

#: Interface text: key -> (English, Spanish).
UI: dict[str, tuple[str, str]] = {
    "site": ("habitatkg ontology", "Ontología habitatkg"),
    "home": ("Overview", "Inicio"),
    "classes": ("Classes", "Clases"),
    "properties": ("Properties", "Propiedades"),
    "object": ("Object properties", "Propiedades de objeto"),
    "datatype": ("Datatype properties", "Propiedades de datos"),
    "annotation": ("Annotation properties", "Propiedades de anotación"),
    "schemes": ("Concept schemes", "Esquemas de conceptos"),
    "concepts": ("Concepts", "Conceptos"),
    "individuals": ("Named individuals", "Individuos con nombre"),
    "instances": ("Data", "Datos"),
    "instances_long": ("Instances of the data", "Instancias de los datos"),
    "questions": ("Questions", "Preguntas"),
    "questions_long": ("Competency questions", "Preguntas de competencia"),
    "namespaces": ("Namespaces", "Espacios de nombres"),
    "downloads": ("Downloads", "Descargas"),
    "sdg": ("SDG targets", "Metas de los ODS"),
    "diagrams": ("Diagrams", "Diagramas"),
    "search": ("Search terms and data", "Buscar términos y datos"),
    "search_none": ("Nothing found.", "No se encontró nada."),
    "language": ("Language", "Idioma"),
    "other_lang": ("Español", "English"),
    "skip": ("Skip to content", "Saltar al contenido"),
    "class": ("Class", "Clase"),
    "object_1": ("Object property", "Propiedad de objeto"),
    "datatype_1": ("Datatype property", "Propiedad de datos"),
    "annotation_1": ("Annotation property", "Propiedad de anotación"),
    "scheme": ("Concept scheme", "Esquema de conceptos"),
    "concept": ("Concept", "Concepto"),
    "individual": ("Named individual", "Individuo con nombre"),
    "instance": ("Instance", "Instancia"),
    "iri": ("IRI", "IRI"),
    "label_en": ("English label", "Etiqueta en inglés"),
    "label_es": ("Spanish label", "Etiqueta en español"),
    "definition": ("Definition", "Definición"),
    "no_es_definition": (
        "The ontology has no Spanish definition of this term yet; the English one is shown.",
        "La ontología aún no tiene definición en español de este término; se muestra la inglesa.",
    ),
    "notation": ("Notation", "Notación"),
    "order": ("Order", "Orden"),
    "types": ("Types", "Tipos"),
    "supers": ("Subclass of", "Subclase de"),
    "super_props": ("Subproperty of", "Subpropiedad de"),
    "subs": ("Subclasses", "Subclases"),
    "sub_props": ("Subproperties", "Subpropiedades"),
    "equivalents": ("Equivalent to", "Equivalente a"),
    "alignments": ("Alignments", "Alineaciones"),
    "domain": ("Domain", "Dominio"),
    "range": ("Range", "Rango"),
    "inverse": ("Inverse of", "Inversa de"),
    "in_domain_of": ("Properties of its members", "Propiedades de sus miembros"),
    "in_range_of": ("Values of", "Valor de"),
    "in_scheme": ("In scheme", "En el esquema"),
    "broader": ("Broader", "Más general"),
    "narrower": ("Narrower", "Más específicos"),
    "next_phase": ("Next phase", "Fase siguiente"),
    "targets": ("Serves SDG targets", "Contribuye a las metas de los ODS"),
    "goals": ("Contributes to SDGs", "Contribuye a los ODS"),
    "indicators": ("Development indicators", "Indicadores de desarrollo"),
    "members": ("Members", "Miembros"),
    "members_of_scheme": ("Concepts of this scheme", "Conceptos de este esquema"),
    "rules": ("Validation rules (SHACL)", "Reglas de validación (SHACL)"),
    "rules_none": ("No shape constrains this term.", "Ninguna forma restringe este término."),
    "subject_rules": (
        "Rules on the nodes that use this property",
        "Reglas sobre los nodos que usan esta propiedad",
    ),
    "rule_shape": ("shape", "forma"),
    "rule_property": ("property", "propiedad"),
    "rule_applies": ("applies to", "se aplica a"),
    "rule_node": ("the node itself", "el propio nodo"),
    "inverse_of": ("inverse of", "inverso de"),
    "warning": ("warning", "advertencia"),
    "violation": ("violation", "infracción"),
    "info": ("information", "información"),
    "message": ("Message", "Mensaje"),
    "every": ("every", "todo"),
    "t_class": ("every", "todo nodo de tipo"),
    "t_subjects": ("every subject of", "todo sujeto de"),
    "t_objects": ("every value of", "todo valor de"),
    "t_node": ("the node", "el nodo"),
    "data_instances": ("In the data", "En los datos"),
    "data_none": ("None in the data yet.", "Aún ninguno en los datos."),
    "statements": ("Statements", "Afirmaciones"),
    "used_by": ("Used by", "Usado por"),
    "examples": ("Examples from the data", "Ejemplos de los datos"),
    "property": ("Property", "Propiedad"),
    "value": ("Value", "Valor"),
    "subject": ("Subject", "Sujeto"),
    "links_here": ("What links here", "Qué enlaza aquí"),
    "figures": ("Figures over time", "Cifras a lo largo del tiempo"),
    "kind": ("Kind", "Tipo"),
    "unit": ("Unit", "Unidad"),
    "period": ("Period", "Periodo"),
    "qualifier": ("Qualifier", "Calificador"),
    "sources": ("Sources", "Fuentes"),
    "provenance": ("Provenance", "Procedencia"),
    "no_source": ("No source recorded.", "No hay fuente registrada."),
    "supports": ("Statements this passage supports", "Afirmaciones que respalda este pasaje"),
    "evidence": (
        "Evidence: kind and the source's words",
        "Evidencia: tipo y palabras de la fuente",
    ),
    "document": ("Document", "Documento"),
    "section": ("Section", "Sección"),
    "page": ("Page", "Página"),
    "quote": ("Quote", "Cita"),
    "metadata": ("About this ontology", "Acerca de esta ontología"),
    "title": ("Title", "Título"),
    "description": ("Description", "Descripción"),
    "version": ("Version", "Versión"),
    "version_iri": ("Version IRI", "IRI de la versión"),
    "prior_version": ("Prior version", "Versión anterior"),
    "publisher": ("Publisher", "Editor"),
    "creators": ("Creators", "Creadores"),
    "contributors": ("Contributors", "Colaboradores"),
    "created": ("Created", "Creada"),
    "modified": ("Modified", "Modificada"),
    "licence": ("Licence", "Licencia"),
    "rights": ("Rights", "Derechos"),
    "source_docs": ("Source documents", "Documentos fuente"),
    "imports": ("Imports", "Importa"),
    "none_prior": (
        "None: this is the first published version.",
        "Ninguna: es la primera versión publicada.",
    ),
    "first_release": ("first release", "primera versión"),
    "not_stated": ("Not stated in the ontology.", "La ontología no lo indica."),
    "history": ("Version history", "Historial de versiones"),
    "cite": ("How to cite", "Cómo citar"),
    "counts": ("In numbers", "En cifras"),
    "prefix": ("Prefix", "Prefijo"),
    "namespace": ("Namespace", "Espacio de nombres"),
    "used_for": ("Used for", "Uso"),
    "format": ("Format", "Formato"),
    "file": ("File", "Archivo"),
    "size": ("Size", "Tamaño"),
    "what": ("Content", "Contenido"),
    "ontology_file": ("The ontology with its imports", "La ontología con sus importaciones"),
    "shapes_file": ("The SHACL shapes", "Las formas SHACL"),
    "data_file": ("The data", "Los datos"),
    "class_diagram": (
        "Classes and the properties that link them",
        "Clases y las propiedades que las enlazan",
    ),
    "guideline_diagram": (
        "Strategic guidelines and the SDG targets they serve",
        "Lineamientos estratégicos y las metas de los ODS a las que contribuyen",
    ),
    "phase_diagram": (
        "The phases of the methodology, in order",
        "Las fases de la metodología, en orden",
    ),
    "diagram_list": ("The same as a list", "Lo mismo como lista"),
    "diagram_hint": (
        "Scroll inside the diagram to pan; use the buttons to zoom.",
        "Desplácese dentro del diagrama para moverlo; use los botones para acercar o alejar.",
    ),
    "zoom_in": ("Zoom in", "Acercar"),
    "zoom_out": ("Zoom out", "Alejar"),
    "zoom_reset": ("Actual size", "Tamaño real"),
    "served_by": ("Served by", "Contribuyen"),
    "not_served": (
        "Nothing in the ontology or the data serves this target.",
        "Nada en la ontología ni en los datos contribuye a esta meta.",
    ),
    "goal": ("Goal", "Objetivo"),
    "target": ("Target", "Meta"),
    "question": ("Question", "Pregunta"),
    "sparql": ("SPARQL query", "Consulta SPARQL"),
    "answer": ("Current answer", "Respuesta actual"),
    "rows": ("rows", "filas"),
    "no_rows": ("No rows on this data.", "Sin filas con estos datos."),
    "no_answer": ("Not answered in this build.", "Sin respuesta en esta compilación."),
    "answer_error": ("The query failed:", "La consulta falló:"),
    "csv": ("Download all rows as CSV", "Descargar todas las filas en CSV"),
    "more_rows": ("Show all rows", "Mostrar todas las filas"),
    "supporting": ("Supporting questions", "Preguntas de apoyo"),
    "yes": ("yes", "sí"),
    "no": ("no", "no"),
    "all_terms": ("All terms", "Todos los términos"),
    "of_kind": ("by kind", "por tipo"),
    "family_0": ("Agents", "Agentes"),
    "family_1": ("Places", "Lugares"),
    "family_2": ("Activities", "Actividades"),
    "family_3": ("Documents", "Documentos"),
    "family_4": ("Concepts (SKOS schemes, roles)", "Conceptos (esquemas SKOS, roles)"),
    "family_5": ("Other entities and plans", "Otras entidades y planes"),
    "n_classes": ("classes", "clases"),
    "n_properties": ("properties", "propiedades"),
    "n_concepts": ("concepts", "conceptos"),
    "n_schemes": ("concept schemes", "esquemas de conceptos"),
    "n_rules": ("validation rules", "reglas de validación"),
    "n_instances": ("data pages", "páginas de datos"),
    "n_triples": ("triples of data", "tripletas de datos"),
    "cite_text": (
        "Please cite the ontology, its version and the source documents it is derived from.",
        "Cite la ontología, su versión y los documentos fuente de los que deriva.",
    ),
    "generated": (
        "Generated by habitatkg from the ontology, the SHACL shapes and the data. Works offline.",
        "Generado por habitatkg a partir de la ontología, las formas SHACL y los datos. "
        "Funciona sin conexión.",
    ),
    "english_fallback": ("(in English)", "(en inglés)"),
    "alignment_sub": ("specialises", "especializa"),
    "alignment_eq": ("equivalent to", "equivalente a"),
}

#: The competency questions' titles and descriptions in Spanish (the .rq files are in English).
QUESTIONS_ES: dict[str, tuple[str, str]] = {
    "partners_supporting": (
        "¿Qué socios apoyan la capacidad X en la escuela Y? (y en la localidad Z, y en el año N)",
        "Una fila por organización socia, escuela, capacidad y actividad: una actividad con socio "
        "(hk:hasPartner), escuela (hk:atSchool) y capacidad (hk:addressesCapability). Con los "
        "datos curados no hay filas: las fuentes no enlazan socios con escuelas y capacidades.",
    ),
    "reach": (
        "¿A qué escuelas, niveles y estudiantes llega el Modelo Social en cada municipio, "
        "y cuáles son los totales?",
        "Una fila por escuela: el municipio o alcaldía que la contiene, su nivel educativo, los "
        "estudiantes inscritos y el personal que dan las fuentes (Tabla 4 del informe, ciclo "
        "escolar 2021-2022) y el periodo de las cifras.",
    ),
    "guideline_targets": (
        "¿A qué metas de los ODS contribuye cada lineamiento estratégico, y con qué indicadores?",
        "Una fila por lineamiento estratégico y meta de los ODS a la que contribuye (Tabla 3 del "
        "informe), en el orden de los lineamientos, con sus indicadores de desarrollo.",
    ),
    "activities_by_capability": (
        "¿Qué proyectos o actividades abordan la capacidad X, y para qué grupo destinatario?",
        "Una fila por actividad, capacidad que aborda y grupo destinatario (vacío si no se "
        "registra), con la escuela donde tuvo lugar, si la hay.",
    ),
    "coverage_gaps": (
        "¿Qué capacidades no apoya ningún socio en la escuela Y? (brechas de cobertura)",
        "Una fila por escuela y capacidad tales que ninguna actividad en esa escuela que aborde la "
        "capacidad tiene una organización socia. Con los datos curados todas las escuelas carecen "
        "de todas las capacidades, porque las fuentes no enlazan socios con escuelas.",
    ),
    "partner_network": (
        "¿Qué organizaciones están vinculadas a más escuelas, y qué forma tiene la red de socios?",
        "Una fila por organización socia u organizadora de actividades en escuelas: cuántas "
        "escuelas, actividades y capacidades distintas alcanzan, primero las de más escuelas.",
    ),
    "phase_order": (
        "¿En qué orden se desarrollan las fases de la metodología, y qué actividades "
        "pertenecen a cada una?",
        "Una fila por fase de Descubrimiento y movimiento y actividad de esa fase, en el orden de "
        "las fases, con la fase siguiente (la ruta es un ciclo: la última vuelve a la primera).",
    ),
    "provenance": (
        "¿De dónde viene este dato? (documento, sección o tabla)",
        "Una fila por nodo y referencia de fuente: el documento, la sección, tabla o recuadro y la "
        "página donde lo dicen las fuentes. Una afirmación viene de las fuentes de su sujeto.",
    ),
    "common_ground": (
        "¿Qué tienen en común las dos iniciativas de las fuentes (el Modelo Social y la Ciudad "
        "del Aprendizaje): metas, tipos de actores, tipos de programas?",
        "Una fila por elemento vinculado a ambas iniciativas, directamente o a través de sus "
        "partes: objetivos y metas de los ODS, tipos de actores, grupos destinatarios y tipos de "
        "programas.",
    ),
    "capabilities": (
        "¿Qué capacidades desarrolla la propuesta formativa del Modelo Social?",
        "Las cinco capacidades (capítulo II.C.1 del informe), en el orden del informe, con sus "
        "etiquetas y definiciones.",
    ),
    "guidelines": (
        "¿Qué lineamientos estratégicos tiene el Modelo Social?",
        "Los cinco lineamientos estratégicos numerados (Tablas 2 y 3 del informe), en su orden, "
        "con sus etiquetas y definiciones.",
    ),
    "guideline_indicators": (
        "¿Qué indicadores de desarrollo lista la Tabla 3 para cada lineamiento estratégico?",
        "Una fila por lineamiento estratégico e indicador de desarrollo, en el orden de los "
        "lineamientos. Es parte de la pregunta 3.",
    ),
    "principles": (
        "¿Qué principios guían el Modelo Social?",
        "Los principios de cada esquema, en el orden del informe: los cuatro principios rectores "
        "(Tabla 2), los principios fundacionales (capítulo I.B) y los valores de la Política de "
        "Vinculación Social (capítulo II.A.1).",
    ),
}

#: Column titles of the answers: SPARQL variable -> (English, Spanish).
COLUMNS: dict[str, tuple[str, str]] = {
    "activity": ("Activity", "Actividad"),
    "activityKind": ("Kind of activity", "Tipo de actividad"),
    "activityYear": ("Year", "Año"),
    "activities": ("Activities", "Actividades"),
    "aspect": ("Aspect", "Aspecto"),
    "capability": ("Capability", "Capacidad"),
    "capabilityOrder": ("Capability no.", "N.º de capacidad"),
    "capabilities": ("Capabilities", "Capacidades"),
    "definition": ("Definition", "Definición"),
    "document": ("Document", "Documento"),
    "entity": ("Node", "Nodo"),
    "group": ("Target group", "Grupo destinatario"),
    "guideline": ("Strategic guideline", "Lineamiento estratégico"),
    "guidelineOrder": ("Guideline no.", "N.º de lineamiento"),
    "illustrative": ("Illustrative", "Ilustrativo"),
    "indicator": ("Development indicator", "Indicador de desarrollo"),
    "indicators": ("Development indicators", "Indicadores de desarrollo"),
    "item": ("Item", "Elemento"),
    "label": ("Label (English)", "Etiqueta (inglés)"),
    "labelEs": ("Label (Spanish)", "Etiqueta (español)"),
    "level": ("Educational level", "Nivel educativo"),
    "municipality": ("Municipality", "Municipio"),
    "nextPhase": ("Next phase", "Fase siguiente"),
    "order": ("No.", "N.º"),
    "organization": ("Organization", "Organización"),
    "page": ("Page", "Página"),
    "partner": ("Partner", "Socio"),
    "period": ("Period", "Periodo"),
    "phase": ("Phase", "Fase"),
    "phaseOrder": ("Phase no.", "N.º de fase"),
    "principle": ("Principle", "Principio"),
    "scheme": ("Scheme", "Esquema"),
    "school": ("School", "Escuela"),
    "schools": ("Schools", "Escuelas"),
    "section": ("Section", "Sección"),
    "source": ("Source reference", "Referencia de fuente"),
    "staff": ("Staff", "Personal"),
    "students": ("Students", "Estudiantes"),
    "target": ("SDG target", "Meta de los ODS"),
    "targetNotation": ("Target no.", "N.º de meta"),
}


#: Constant values that the queries themselves write (``BIND("SDG goal" AS ?aspect)``).
VALUES_ES: dict[str, str] = {
    "SDG goal": "Objetivo de los ODS",
    "SDG target": "Meta de los ODS",
    "kind of actor": "tipo de actor",
    "kind of programme": "tipo de programa",
    "target group": "grupo destinatario",
}


def t(key: str, lang: str) -> str:
    """Interface text in a language.

    Args:
        key: A key of :data:`UI`.
        lang: ``"en"`` or ``"es"``.

    Returns:
        The text.

    Example:
        >>> t("questions", "es")
        'Preguntas'
    """
    en, es = UI[key]
    return es if lang == "es" else en


def column_title(name: str, lang: str) -> str:
    """The title of an answer column (a SPARQL variable; ``xLabel`` is titled as ``x``).

    Args:
        name: The variable name.
        lang: ``"en"`` or ``"es"``.

    Returns:
        A human title; an unknown variable is split into words.
    """
    base = name[:-5] if name.endswith("Label") and name != "Label" else name
    if base in COLUMNS:
        en, es = COLUMNS[base]
        return es if lang == "es" else en
    words = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", base).replace("_", " ")
    return words[:1].upper() + words[1:]
