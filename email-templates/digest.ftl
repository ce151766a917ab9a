<#import "layout.ftl" as layout>
${list.name}
<#if intro??>

${intro}
</#if>
<#list articles as article>

<@layout.articleCard card=article/>
<#else>

No new articles this time - see you next time.
</#list>

<@layout.footer/>
