<#-- Shared plain-text pieces. -->
<#-- One article: title, byline, excerpt, link. -->
<#macro articleCard card>
${card.title}
<#if card.author?has_content || card.published?has_content>${card.author!}<#if card.author?has_content && card.published?has_content> · </#if>${card.published!}
</#if>
<#if card.excerpt?has_content>${card.excerpt}
</#if>
Read more: ${card.url}
</#macro>

<#macro footer>
--
<#if viewInBrowserUrl??>View this e-mail in your browser: ${viewInBrowserUrl}
</#if>
<#if footerNote??>${footerNote}
<#if signUpUrl??>Subscribe to ${list.name} to get the next issues: ${signUpUrl}
</#if><#elseif unsubscribeUrl??>You receive this because you subscribed to ${list.name}.
Unsubscribe with one click: ${unsubscribeUrl}
<#if preferencesUrl??>Manage your preferences: ${preferencesUrl}
</#if><#else>You receive this because someone, hopefully you, asked to subscribe to ${list.name}.
</#if>
${sender.name!} · ${sender.postalAddress}
</#macro>
